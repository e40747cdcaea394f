import type { Terms } from '../../i18n/terms.ts';
import { groupShares, overallShare } from '../group-shares.ts';
import type { ReportHeader, SiteReport } from '../report-types.ts';
import { NO_GROUP_KEY } from '../summary.ts';
import { HTML_SCRIPT } from './html-script.ts';
import { HTML_STYLE } from './html-style.ts';
import { siteView } from './html-site-view.ts';

/**
 * report.html, one self-contained file (style, script and data inline; no network), produced
 * piece by piece: the head, then each site as it comes in input order, then the tail, so the file
 * never has to be held in memory.
 */
export function htmlReportHead(
  header: ReportHeader,
  terms: Terms,
  baseline?: ReportHeader,
): string {
  const words = terms.report;
  const overall = overallShare(header.summary, baseline?.summary);
  const page = {
    words,
    verdicts: terms.verdicts,
    noGroupKey: NO_GROUP_KEY,
    hasBaseline: Boolean(baseline),
    overall: { ...overall, total: header.summary.total, ...header.summary.by_verdict },
    byCategory: groupShares(header.summary.by_category, baseline?.summary.by_category).map(
      withVerdictKeys,
    ),
    byOwner: groupShares(header.summary.by_owner, baseline?.summary.by_owner).map(withVerdictKeys),
  };
  const card = (label: string, value: string) =>
    `<div class="card">${escapeHtml(label)}<b>${escapeHtml(value)}</b></div>`;
  const percent = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)}%`);
  return `<!doctype html>
<html lang="${terms.language === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(words.title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.scanned)}: ${escapeHtml(header.started_at)} – ${escapeHtml(header.finished_at)}</p>
<p>${escapeHtml(words.profile)}: ${escapeHtml(header.options.profile)} · ${escapeHtml(words.tool)}: ${escapeHtml(`${header.tool.name} ${header.tool.version}`)}${
    baseline
      ? ` · ${escapeHtml(words.baseline)}: ${escapeHtml(baseline.started_at)} – ${escapeHtml(baseline.finished_at)}`
      : ''
  }</p>
</header>
<main>
<h2>${escapeHtml(words.overview)}</h2>
<div class="cards">
${card(words.columns.total, String(overall.total))}
${card(words.sitesMeasured, String(overall.measured))}
${card(words.compliantShare, percent(overall.compliantPercent))}
${card(words.meanScore, overall.meanScore === null ? '–' : overall.meanScore.toFixed(1))}
${baseline ? card(words.columns.change, overall.changePoints === null ? '–' : `${overall.changePoints > 0 ? '+' : ''}${overall.changePoints.toFixed(1)}`) : ''}
</div>
<div class="charts">
<figure><figcaption>${escapeHtml(words.verdictShares)}</figcaption><div id="chart-verdicts"></div></figure>
<figure><figcaption>${escapeHtml(words.scoreHistogram)}</figcaption><div id="chart-histogram"></div></figure>
<figure><figcaption>${escapeHtml(words.byCategory)}</figcaption><div id="chart-categories"></div></figure>
<figure><figcaption>${escapeHtml(words.byOwner)}</figcaption><div id="chart-owners"></div></figure>
${baseline ? `<figure><figcaption>${escapeHtml(words.changeSinceBaseline)} (${escapeHtml(words.byOwner)})</figcaption><div id="chart-change"></div></figure>` : ''}
</div>
<p class="notes">${escapeHtml(words.notes.measured)} ${escapeHtml(words.notes.share)}${baseline ? ` ${escapeHtml(words.notes.change)}` : ''}</p>
<h2>${escapeHtml(words.sites)}</h2>
<div class="filters">
<select id="filter-verdict" aria-label="${escapeHtml(words.columns.verdict)}"></select>
<select id="filter-category" aria-label="${escapeHtml(words.columns.category)}"></select>
<select id="filter-owner" aria-label="${escapeHtml(words.columns.owner)}"></select>
<input id="filter-text" type="search" placeholder="${escapeHtml(words.filters.search)}">
<span id="shown"></span>
</div>
<table id="sites"><thead><tr></tr></thead><tbody></tbody></table>
<div id="detail" hidden role="dialog"></div>
</main>
<script type="application/json" id="page-data">${scriptJson(page)}</script>
<script type="application/json" id="site-data">[`;
}

/** One site's entry in the page's site list; every site but the first follows a comma. */
export function htmlReportSite(site: SiteReport, terms: Terms, first: boolean): string {
  return `${first ? '' : ','}\n${scriptJson(siteView(site, terms))}`;
}

export const HTML_REPORT_TAIL = `]</script>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;

function withVerdictKeys<T extends ReturnType<typeof overallShare>>(group: T) {
  return {
    ...group,
    compliant: group.compliant,
    partial: group.partial,
    non_compliant: group.nonCompliant,
    unreachable: group.unreachable,
    error: group.error,
  };
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON that is safe inside a <script> element: no "</script>", no "<!--", and no line separators
 * that older parsers treat as line ends.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
