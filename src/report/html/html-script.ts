/**
 * The report's script, inline and without libraries: it reads the JSON data blocks, draws the
 * charts as SVG, and runs the site table (sort, filter) and the detail view. Every scanned string
 * reaches the page through textContent or setAttribute, never as markup, so a hostile page title
 * cannot inject script. Plain ES2017, no template literals (the file is itself a template).
 */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var page = JSON.parse(document.getElementById('page-data').textContent);
  var sites = JSON.parse(document.getElementById('site-data').textContent);
  var words = page.words;
  var VERDICTS = ['compliant', 'partial', 'non_compliant', 'unreachable', 'error'];
  var COLORS = { compliant: '#2e7d32', partial: '#f9a825', non_compliant: '#c62828', unreachable: '#757575', error: '#37474f' };
  var SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) for (var key in attrs) node.setAttribute(key, String(attrs[key]));
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    for (var key in attrs) node.setAttribute(key, String(attrs[key]));
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function groupLabel(key) { return key === page.noGroupKey ? words.noGroup : key; }
  function fmt(value, suffix) { return value === null || value === undefined ? '–' : value.toFixed(1) + (suffix || ''); }

  /** Horizontal bars: rows of {label, parts: [{value, color, title}], text}; scale = max total. */
  function barChart(id, rows, scale) {
    var holder = document.getElementById(id);
    if (!holder) return;
    var labelWidth = 190, barWidth = 320, rowHeight = 22, width = labelWidth + barWidth + 90;
    var chart = svgEl('svg', { width: width, height: rows.length * rowHeight + 6, role: 'img', 'class': 'chart' });
    rows.forEach(function (row, at) {
      var y = at * rowHeight + 3;
      var label = row.label.length > 16 ? row.label.slice(0, 15) + '…' : row.label;
      var text = svgEl('text', { x: labelWidth - 6, y: y + 15, 'text-anchor': 'end' }, label);
      text.appendChild(svgEl('title', {}, row.label));
      chart.appendChild(text);
      var x = labelWidth;
      row.parts.forEach(function (part) {
        var w = scale > 0 ? (barWidth * part.value) / scale : 0;
        if (w <= 0) return;
        var rect = svgEl('rect', { x: x, y: y + 2, width: w, height: rowHeight - 6, fill: part.color, 'class': 'bar' });
        rect.appendChild(svgEl('title', {}, part.title));
        chart.appendChild(rect);
        x += w;
      });
      chart.appendChild(svgEl('text', { x: x + 6, y: y + 15 }, row.text));
    });
    holder.appendChild(chart);
  }

  function verdictParts(group) {
    return VERDICTS.map(function (verdict) {
      return { value: group[verdict], color: COLORS[verdict], title: page.verdicts[verdict] + ': ' + group[verdict] };
    });
  }

  function drawCharts() {
    barChart('chart-verdicts', VERDICTS.map(function (verdict) {
      var count = page.overall[verdict];
      return {
        label: page.verdicts[verdict],
        parts: [{ value: count, color: COLORS[verdict], title: page.verdicts[verdict] + ': ' + count }],
        text: count + (page.overall.total ? ' (' + ((100 * count) / page.overall.total).toFixed(1) + '%)' : '')
      };
    }), Math.max.apply(null, VERDICTS.map(function (verdict) { return page.overall[verdict]; }).concat([1])));
    ['byCategory', 'byOwner'].forEach(function (key) {
      var groups = page[key];
      var most = Math.max.apply(null, groups.map(function (group) { return group.total; }).concat([1]));
      barChart(key === 'byCategory' ? 'chart-categories' : 'chart-owners', groups.map(function (group) {
        return { label: groupLabel(group.key), parts: verdictParts(group), text: fmt(group.compliantPercent, '%') };
      }), most);
    });
    var bins = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    sites.forEach(function (site) {
      if (site.verdict === 'error' || site.verdict === 'unreachable') return;
      bins[Math.min(9, Math.floor(site.score / 10))] += 1;
    });
    var tallest = Math.max.apply(null, bins.concat([1]));
    var holder = document.getElementById('chart-histogram');
    var chart = svgEl('svg', { width: 520, height: 200, role: 'img', 'class': 'chart' });
    bins.forEach(function (count, at) {
      var h = (150 * count) / tallest, x = 30 + at * 48;
      var rect = svgEl('rect', { x: x, y: 170 - h, width: 40, height: h, fill: '#1565c0', 'class': 'bar' });
      rect.appendChild(svgEl('title', {}, at * 10 + '–' + (at * 10 + 10) + ': ' + count));
      chart.appendChild(rect);
      chart.appendChild(svgEl('text', { x: x + 20, y: 165 - h, 'text-anchor': 'middle' }, count || ''));
      chart.appendChild(svgEl('text', { x: x + 20, y: 186, 'text-anchor': 'middle' }, at * 10 + '–' + (at * 10 + 10)));
    });
    holder.appendChild(chart);
    if (page.hasBaseline) {
      var changes = page.byOwner.filter(function (group) { return group.changePoints !== null; });
      var biggest = Math.max.apply(null, changes.map(function (group) { return Math.abs(group.changePoints); }).concat([1]));
      var box = document.getElementById('chart-change');
      var changeChart = svgEl('svg', { width: 600, height: changes.length * 22 + 6, role: 'img', 'class': 'chart' });
      changes.forEach(function (group, at) {
        var y = at * 22 + 3, w = (150 * Math.abs(group.changePoints)) / biggest, mid = 360;
        var label = groupLabel(group.key);
        changeChart.appendChild(svgEl('text', { x: 200, y: y + 15, 'text-anchor': 'end' }, label.length > 16 ? label.slice(0, 15) + '…' : label));
        var rect = svgEl('rect', { x: group.changePoints < 0 ? mid - w : mid, y: y + 2, width: Math.max(w, 1), height: 16, fill: group.changePoints < 0 ? '#c62828' : '#2e7d32', 'class': 'bar' });
        rect.appendChild(svgEl('title', {}, label + ': ' + group.changePoints));
        changeChart.appendChild(rect);
        changeChart.appendChild(svgEl('text', { x: group.changePoints < 0 ? mid + 6 : mid - 6, y: y + 15, 'text-anchor': group.changePoints < 0 ? 'start' : 'end' }, (group.changePoints > 0 ? '+' : '') + group.changePoints.toFixed(1)));
      });
      box.appendChild(changeChart);
    }
  }

  var columns = [
    { key: 'index', label: words.columns.index, value: function (s) { return s.index + 1; }, num: true },
    { key: 'name', label: words.columns.name, value: function (s) { return s.name || ''; } },
    { key: 'host', label: words.columns.host, value: function (s) { return s.unicodeHost || s.host || s.target; } },
    { key: 'owner', label: words.columns.owner, value: function (s) { return s.owner || ''; } },
    { key: 'category', label: words.columns.category, value: function (s) { return s.category || ''; } },
    { key: 'verdict', label: words.columns.verdict, value: function (s) { return VERDICTS.indexOf(s.verdict); } },
    { key: 'score', label: words.columns.score, value: function (s) { return s.score; }, num: true }
  ];
  var sortKey = 'index', sortUp = true;
  var tbody = document.querySelector('#sites tbody');
  var rows = sites.map(function (site) {
    var row = el('tr', { 'data-verdict': site.verdict, 'data-index': site.index });
    columns.forEach(function (column) {
      var cell = el('td', column.num ? { 'class': 'num' } : null);
      if (column.key === 'verdict') cell.appendChild(el('span', { 'class': 'verdict v-' + site.verdict }, page.verdicts[site.verdict]));
      else cell.textContent = String(column.value(site));
      row.appendChild(cell);
    });
    row.addEventListener('click', function () { showDetail(site); });
    return { site: site, row: row, text: [site.name, site.host, site.unicodeHost, site.target, site.owner, site.category].join(' ').toLowerCase() };
  });
  var headRow = document.querySelector('#sites thead tr');
  columns.forEach(function (column) {
    var th = el('th', { scope: 'col', 'data-key': column.key }, column.label);
    th.addEventListener('click', function () {
      sortUp = sortKey === column.key ? !sortUp : true;
      sortKey = column.key;
      render();
    });
    headRow.appendChild(th);
  });

  function fillSelect(id, values, allLabel, labelOf) {
    var select = document.getElementById(id);
    select.appendChild(el('option', { value: '' }, allLabel));
    values.forEach(function (value) { select.appendChild(el('option', { value: value }, labelOf(value))); });
    select.addEventListener('change', render);
    return select;
  }
  function distinct(field) {
    var seen = {};
    sites.forEach(function (site) { seen[site[field] === null ? page.noGroupKey : site[field]] = true; });
    return Object.keys(seen).sort();
  }
  var verdictFilter = fillSelect('filter-verdict', VERDICTS, words.filters.allVerdicts, function (v) { return page.verdicts[v]; });
  var categoryFilter = fillSelect('filter-category', distinct('category'), words.filters.allCategories, groupLabel);
  var ownerFilter = fillSelect('filter-owner', distinct('owner'), words.filters.allOwners, groupLabel);
  var textFilter = document.getElementById('filter-text');
  textFilter.addEventListener('input', render);

  function render() {
    var column = columns.filter(function (c) { return c.key === sortKey; })[0];
    var wanted = textFilter.value.trim().toLowerCase();
    var shown = rows.filter(function (entry) {
      var site = entry.site;
      if (verdictFilter.value && site.verdict !== verdictFilter.value) return false;
      if (categoryFilter.value && (site.category === null ? page.noGroupKey : site.category) !== categoryFilter.value) return false;
      if (ownerFilter.value && (site.owner === null ? page.noGroupKey : site.owner) !== ownerFilter.value) return false;
      return !wanted || entry.text.indexOf(wanted) >= 0;
    });
    shown.sort(function (a, b) {
      var x = column.value(a.site), y = column.value(b.site);
      var order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), document.documentElement.lang);
      return (sortUp ? order : -order) || a.site.index - b.site.index;
    });
    tbody.textContent = '';
    shown.forEach(function (entry) { tbody.appendChild(entry.row); });
    document.querySelectorAll('#sites th').forEach(function (th) {
      if (th.getAttribute('data-key') === sortKey) th.setAttribute('aria-sort', sortUp ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    document.getElementById('shown').textContent = shown.length + ' / ' + sites.length + ' ' + words.filters.shown;
  }

  function table(headers, data) {
    var result = el('table');
    var head = el('tr');
    headers.forEach(function (h) { head.appendChild(el('th', null, h)); });
    result.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    data.forEach(function (cells) {
      var tr = el('tr');
      cells.forEach(function (c) {
        if (c && typeof c === 'object') {
          var td = el('td');
          td.appendChild(el('span', { 'class': c.cls }, c.text));
          tr.appendChild(td);
        } else tr.appendChild(el('td', null, c));
      });
      body.appendChild(tr);
    });
    result.appendChild(body);
    return result;
  }

  var detail = document.getElementById('detail');
  function showDetail(site) {
    detail.textContent = '';
    var close = el('button', { type: 'button', id: 'detail-close' }, words.detail.close);
    close.addEventListener('click', function () { detail.hidden = true; });
    detail.appendChild(close);
    detail.appendChild(el('h3', null, (site.name ? site.name + ' – ' : '') + (site.unicodeHost || site.host || site.target)));
    var line = el('p');
    line.appendChild(el('span', { 'class': 'verdict v-' + site.verdict }, page.verdicts[site.verdict]));
    line.appendChild(document.createTextNode(' ' + words.columns.score + ': ' + site.score + (site.owner ? ' · ' + site.owner : '') + (site.category ? ' · ' + site.category : '')));
    detail.appendChild(line);
    if (site.reasons.length) {
      detail.appendChild(el('h4', null, words.columns.reasons));
      var list = el('ul');
      site.reasons.forEach(function (reason) { list.appendChild(el('li', null, reason)); });
      detail.appendChild(list);
    }
    detail.appendChild(el('h4', null, words.detail.checks));
    detail.appendChild(table([words.columns.checkName, words.columns.status, words.columns.reason], site.checks.map(function (c) {
      return [c.name + ' (' + c.id + ')', { cls: 's-' + c.status, text: c.statusText }, c.summary];
    })));
    detail.appendChild(el('h4', null, words.detail.addresses));
    detail.appendChild(site.addresses.length ? table(['', words.detail.addresses, ''], site.addresses.map(function (a) { return [a.family, a.address, a.kind]; })) : el('p', { 'class': 'muted' }, words.detail.none));
    detail.appendChild(el('h4', null, words.detail.statusChain));
    var hops = [];
    site.chains.forEach(function (chain) { chain.hops.forEach(function (hop) { hops.push([chain.family, hop.url, hop.result]); }); });
    detail.appendChild(hops.length ? table(['', 'URL', ''], hops) : el('p', { 'class': 'muted' }, words.detail.none));
    detail.appendChild(el('h4', null, words.detail.tls));
    detail.appendChild(site.tls.length ? table(['', words.detail.subject, words.detail.issuer, words.detail.expires], site.tls.map(function (t) { return [t.family, t.subject, t.issuer, t.validTo]; })) : el('p', { 'class': 'muted' }, words.detail.none));
    detail.appendChild(el('h4', null, words.detail.similarity));
    detail.appendChild(el('p', null, site.similarity === null ? '–' : site.similarity.toFixed(3)));
    detail.appendChild(el('h4', null, words.detail.failingLinks));
    detail.appendChild(site.failingLinks.length ? table(['', 'URL', 'IPv6', 'IPv4'], site.failingLinks.map(function (l) { return [String(l.level), l.url, l.v6, l.v4]; })) : el('p', { 'class': 'muted' }, words.detail.none));
    detail.hidden = false;
  }
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') detail.hidden = true; });

  drawCharts();
  render();
})();
`;
