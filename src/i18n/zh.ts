import type { FailureCode } from '../net/failure-code.ts';
import type { AddressWithKind, HomePageState, PortOutcome } from './phrases.ts';
import { addressWithPort, formatRatio, listSome, type Terms } from './terms.ts';

const FAILURES: Record<FailureCode, string> = {
  timeout: '超时',
  refused: '连接被拒绝',
  unreachable: '网络不可达',
  no_route: '扫描主机没有通往该地址的路由（无路由或主机不可达）',
  local_error: '被扫描主机自身拒绝（没有该协议族的源地址，或本机防火墙拦截）',
  reset: '连接被重置',
  tls_invalid: 'TLS 证书与域名不符或无效',
  tls_error: 'TLS 握手失败',
  http_status: 'HTTP 错误状态码',
  http_protocol: 'HTTP 响应格式错误',
  too_large: '响应超过大小上限',
  too_many_redirects: '重定向次数过多',
  redirect_loop: '重定向循环',
  bad_redirect: '重定向到不可用的地址',
  nxdomain: '域名不存在（NXDOMAIN）',
  nodata: '无该类型记录',
  servfail: 'DNS 服务器故障（SERVFAIL）',
  dns_refused: 'DNS 查询被拒绝',
  dns_error: 'DNS 错误',
  cname_loop: 'CNAME 循环或链过长',
  resolver_unreachable: '无可用的 DNS 解析服务器（连接被拒绝或无路由）',
  non_global: '地址不是全球单播地址',
  no_address: '无可用地址',
  smtp_banner: '无 SMTP 220 应答',
  deadline: '已到单站检测时限',
  invalid_target: '无效目标',
  error: '意外错误',
};

/** SPEC "Vantage": 扫描主机没有 IPv4 时跳过的 IPv4 对照。 */
const IPV6_ONLY_VANTAGE = '扫描主机仅有 IPv6';

function list(items: string[]): string {
  return listSome(items, (more) => `等另外 ${more} 项`).join('；');
}

const kinds = (addresses: AddressWithKind[]): string[] =>
  addresses.map(({ address, kind }) => `${address} 为 ${kind}`);

const pairs = (outcomes: PortOutcome[]): string =>
  list(
    outcomes.map(
      (pair) =>
        `${addressWithPort(pair.address, pair.port)} ${pair.error ? FAILURES[pair.error] : '失败'}`,
    ),
  );

const homePage = (state: HomePageState): string =>
  state === 'loaded' ? '已加载' : state === 'not_fetched' ? '未访问，无可用地址' : FAILURES[state];

const outcome = (value: keyof typeof FAILURES | 'ok'): string =>
  value === 'ok' ? '已应答' : FAILURES[value];

const UNMEASURED = {
  zone_name_servers: '该域的权威域名服务器',
  name_server_queries: '对每个权威域名服务器 IPv6 地址的查询',
  smtp_banners: '每个邮件服务器 IPv6 地址的 SMTP 应答',
  home_page_v6: '经 IPv6 访问首页',
  tcp6_any_port: '经 IPv6 的 TCP 连接',
  tcp6_every_port: '每个 IPv6 地址和网站端口的 TCP 连接',
} as const;

const LINKS_UNMEASURED = '未能检测内部链接';

/** "（另有 3 个链接因单站检测时限未检测）", or nothing. */
const notMeasuredNote = (notMeasured: number): string =>
  notMeasured === 0 ? '' : `（另有 ${notMeasured} 个链接因单站检测时限未检测）`;

export const ZH: Terms = {
  language: 'zh',
  verdicts: {
    error: '错误',
    unreachable: '无法访问',
    non_compliant: '不达标',
    partial: '部分达标',
    compliant: '达标',
  },
  statuses: { pass: '通过', fail: '未通过', warn: '警告', skip: '跳过', error: '错误' },
  roles: { required: '必选', recommended: '推荐', info: '仅供参考', off: '关闭' },
  checks: {
    dns_aaaa: 'IPv6 地址解析（AAAA）',
    dns_a: 'IPv4 地址解析（A，基线）',
    ns_aaaa: '权威域名服务器 IPv6 地址',
    ns_reach6: '权威域名服务器 IPv6 可达',
    web_tcp6: '网站端口 IPv6 可连接',
    web_http6: '首页 IPv6 访问',
    web_same: 'IPv4/IPv6 访问内容一致',
    web_latency6: 'IPv6 访问时延',
    links_l2: '二级链接 IPv6 支持度',
    links_l3: '三级链接 IPv6 支持度',
    mx_aaaa: '邮件服务器 IPv6 地址',
    mx_reach6: '邮件服务器 IPv6 可达',
  },
  failures: FAILURES,
  outcome,
  phrases: {
    check_off: ({ profile }) => `未要求检测（配置 ${profile} 中关闭）`,
    ipv6_only_vantage: () => IPV6_ONLY_VANTAGE,
    not_measured_invalid_target: () => `未检测：${FAILURES.invalid_target}`,
    not_measured: ({ what, deadline }) =>
      `未检测${UNMEASURED[what]}${deadline ? '（已到单站检测时限）' : ''}`,
    lookup_failed: ({ type, outcome: value }) => `${type} 查询失败：${outcome(value)}`,
    addresses_counted: ({ type, addresses, all_global }) =>
      `${addresses.length} 条${all_global ? `全球 ${type} 记录` : `按 --allow-private 计入的 ${type} 记录`}：${list(addresses)}`,
    addresses_not_global: ({ type, addresses }) =>
      `无全球 ${type} 记录：${list(kinds(addresses))}，均非全球单播地址`,
    no_record: ({ type }) => `无 ${type} 记录`,
    zone_not_found: ({ outcome: value }) =>
      `未找到该域的权威域名服务器：${value === 'ok' ? '无 NS 记录' : outcome(value)}`,
    hosts_without_aaaa: ({ group, zone, hosts, total }) =>
      `${group === 'name_servers' ? `${zone} 的权威域名服务器` : '邮件服务器'}中 ${hosts.length}/${total} 台无全球 AAAA 记录：${list(
        hosts.map(
          ({ host, addresses }) =>
            `${host}（${addresses.length === 0 ? '无 AAAA 记录' : kinds(addresses).join('，')}）`,
        ),
      )}`,
    hosts_aaaa_lookup_failed: ({ hosts }) =>
      `AAAA 查询失败：${list(hosts.map(({ host, outcome: value }) => `${host}（${outcome(value)}）`))}`,
    hosts_all_aaaa: ({ group, zone, count }) =>
      group === 'name_servers'
        ? `${zone} 的全部 ${count} 台权威域名服务器均有全球 AAAA 记录`
        : `全部 ${count} 台邮件服务器均有全球 AAAA 记录`,
    hosts_no_ipv6: ({ group, zone }) =>
      group === 'name_servers'
        ? `${zone} 的权威域名服务器均无可查询的 IPv6 地址`
        : '邮件服务器均无可投递的 IPv6 地址',
    probes_failed: ({ group, failed, total }) =>
      `${group === 'name_servers' ? '权威域名服务器 IPv6 地址未应答' : '邮件服务器 IPv6 地址的 25 端口无 220 应答'}（${failed.length}/${total}）：${list(
        failed.map((probe) =>
          `${probe.host} ${probe.address} ${probe.error ? FAILURES[probe.error] : ''}`.trim(),
        ),
      )}`,
    probes_all_answered: ({ group, zone, count }) =>
      group === 'name_servers'
        ? `${zone} 的权威域名服务器全部 ${count} 个 IPv6 地址均经 IPv6 应答`
        : `邮件服务器全部 ${count} 个 IPv6 地址均返回 220 应答`,
    mail_not_asked: () => '未要求检测（需 --mail）',
    null_mx: () => '空 MX 记录：该域不接收邮件',
    no_mx: () => '无 MX 记录',
    tcp6_lookup_failed: ({ outcome: value }) =>
      `无可连接的 IPv6 地址：AAAA 查询失败（${outcome(value)}）`,
    tcp6_no_address: () => '无可连接的全球 IPv6 地址',
    tcp6_any_port_ok: ({ ports, ipv6_only_vantage }) =>
      `IPv6 在端口 ${ports.join('、')} 接受 TCP 连接（${ipv6_only_vantage ? `未对照 IPv4：${IPV6_ONLY_VANTAGE}` : 'IPv4 无开放的网站端口可对照'}）`,
    tcp6_no_port: ({ pairs: failed }) => `没有网站端口接受 IPv6 TCP 连接：${pairs(failed)}`,
    tcp6_port_refused: ({ pairs: failed, total }) =>
      `IPv4 开放的网站端口在 IPv6 上不接受 TCP 连接（${failed.length}/${total} 个地址-端口组合）：${pairs(failed)}`,
    tcp6_all_ok: ({ count, ports }) =>
      `${count} 个 IPv6 地址均在 IPv4 开放的网站端口 ${ports.join('、')} 接受 TCP 连接`,
    http6_lookup_failed: () => 'IPv6 地址查询失败，未访问首页',
    http6_no_address: () => '首页无法经 IPv6 访问：无全球 IPv6 地址',
    http6_not_loaded: ({ error, tls_reason, failed_at }) =>
      `首页未能经 IPv6 加载：${FAILURES[error]}${tls_reason ? `（${tls_reason}）` : ''}${failed_at ? `，出错地址 ${failed_at}` : ''}`,
    http6_loads: ({ status }) => `首页可经 IPv6 访问：HTTP ${status}`,
    http6_error_status: ({ status, v4_status }) =>
      `首页经 IPv6 访问返回 HTTP ${status}（${v4_status === null ? 'IPv4 无响应' : `IPv4 为 HTTP ${v4_status}`}）`,
    same_no_a: () => '无 A 记录：没有 IPv4 页面可对比',
    same_no_v4_page: () => '首页未能经 IPv4 加载：没有 IPv4 页面可对比',
    same_no_v6_page: () => '首页未能经 IPv6 加载：没有 IPv6 页面可对比（见首页 IPv6 访问）',
    same_not_measured: () => '未检测内容相似度',
    same_differs: ({ differences }) =>
      differences
        .map((difference) => {
          if (difference.what === 'url')
            return `最终网址不同（IPv4 ${difference.v4}，IPv6 ${difference.v6}）`;
          if (difference.what === 'status')
            return `最终状态码不同（IPv4 ${difference.v4}，IPv6 ${difference.v6}）`;
          return `页面内容不同（相似度 ${formatRatio(difference.similarity, difference.threshold)} < ${formatRatio(difference.threshold)}）`;
        })
        .join('；'),
    same_ok: ({ status, similarity }) =>
      `两种协议访问到同一页面（HTTP ${status}，相似度 ${formatRatio(similarity)}）`,
    latency_no_samples: ({ missing_v6, missing_v4 }) =>
      `${[missing_v6 ? 'IPv6' : '', missing_v4 ? 'IPv4' : ''].filter(Boolean).join(' 和 ')} 无响应时延样本`,
    latency_slower: ({ v6_ms, v4_ms, ratio, slack_ms }) =>
      `IPv6 较慢：最快响应头时延 ${v6_ms} 毫秒，IPv4 为 ${v4_ms} 毫秒（超过 ${ratio} 倍且慢 ${slack_ms} 毫秒以上）`,
    latency_ok: ({ v6_ms, v4_ms }) => `最快响应头时延：IPv6 ${v6_ms} 毫秒，IPv4 ${v4_ms} 毫秒`,
    latency_scanner_busy: ({ lag_ms, v6_ms, v4_ms }) =>
      `扫描主机过于繁忙，无法测量：其自身停顿（最长 ${lag_ms} 毫秒）可能造成 IPv6 ${v6_ms} 毫秒与 IPv4 ${v4_ms} 毫秒之差`,
    links_not_asked: ({ level }) => `未要求检测（--depth ${level === 2 ? '0' : '0 或 1'}）`,
    links_home_not_loaded: () => '未检测：首页经两种协议均未能加载，未跟踪内部链接',
    links_deadline: () => `${LINKS_UNMEASURED}：本层检测前已到单站检测时限`,
    links_budget_spent: () => `${LINKS_UNMEASURED}：本层检测前请求配额已用完`,
    links_max_zero: () => `${LINKS_UNMEASURED}：--max-links 为 0`,
    links_none_found: () => '未发现内部链接',
    links_all_broken: ({ sampled }) =>
      `抽样的 ${sampled} 个内部链接经两种协议均无法加载（失效链接）`,
    links_share: ({ ok6, total, ratio, threshold, not_measured }) =>
      `${total} 个内部链接中 ${ok6} 个可经 IPv6 访问（${formatRatio(ratio, threshold)} ${ratio < threshold ? '<' : '>='} ${formatRatio(threshold)}）${notMeasuredNote(not_measured)}`,
    links_deadline_before_counting: ({ not_measured }) =>
      `单站检测时限在计入任何内部链接前已到${notMeasuredNote(not_measured)}`,
    name_not_resolving: ({ a, aaaa }) =>
      `域名无法解析：${a === aaaa ? outcome(a) : `A ${outcome(a)}，AAAA ${outcome(aaaa)}`}`,
    home_unreachable: ({ v4, v6 }) =>
      `首页经 IPv4 和 IPv6 均未能加载（IPv4：${homePage(v4)}；IPv6：${homePage(v6)}）：网站不可用，请稍后复查`,
    deadline_cut: () => '单站检测时限（--site-timeout）提前结束了检测：其后的检测结果缺失',
    invalid_target: ({ detail }) => `${FAILURES.invalid_target}：${detail}`,
  },
  reasonLine: (check, text) => (check ? `${ZH.checks[check]}：${text}` : text),
  report: {
    title: 'IPv6 支持度检测报告',
    scanned: '检测时间',
    tool: '检测工具',
    profile: '评判规则',
    vantage: '检测地点',
    overview: '总览',
    sites: '网站',
    sitesMeasured: '有效检测网站数',
    compliantShare: '达标率',
    meanScore: 'IPv6 支持度平均分',
    verdictShares: '检测结论分布',
    byCategory: '按类别',
    byOwner: '按主办单位',
    scoreHistogram: 'IPv6 支持度得分分布',
    changeSinceBaseline: '与上期报告相比的变化',
    baseline: '上期报告',
    noGroup: '（未填写）',
    columns: {
      index: '序号',
      target: '检测目标',
      host: '域名',
      unicodeHost: '域名（中文）',
      name: '网站名称',
      owner: '主办单位',
      category: '类别',
      rank: '排名',
      verdict: '检测结论',
      score: 'IPv6 支持度得分',
      reasons: '原因',
      scannedAt: '检测时间',
      aaaa: 'IPv6 地址（AAAA）',
      a: 'IPv4 地址（A）',
      v6Status: 'IPv6 访问状态',
      v4Status: 'IPv4 访问状态',
      v6TtfbMs: 'IPv6 响应时延（毫秒）',
      v4TtfbMs: 'IPv4 响应时延（毫秒）',
      similarity: '内容相似度',
      l2Ratio: '二级链接 IPv6 比例',
      l3Ratio: '三级链接 IPv6 比例',
      group: '分组',
      total: '网站数',
      measured: '有效检测数',
      baselineShare: '上期达标率',
      change: '变化（百分点）',
      check: '检测项代码',
      checkName: '检测项',
      role: '要求',
      status: '结果',
      reason: '原因',
    },
    filters: {
      allVerdicts: '全部结论',
      allCategories: '全部类别',
      allOwners: '全部主办单位',
      search: '搜索网站名称、域名、主办单位',
      shown: '个网站',
    },
    detail: {
      addresses: '地址',
      statusChain: 'HTTP 状态链',
      tls: 'TLS 证书',
      subject: '主题',
      issuer: '签发者',
      expires: '到期时间',
      similarity: 'IPv4/IPv6 页面相似度',
      failingLinks: 'IPv6 访问失败的内部链接',
      checks: '检测项',
      none: '无',
      close: '关闭',
    },
    sheets: { summary: '汇总', sites: '全部网站', failingChecks: '未通过检测项' },
    notes: {
      measured:
        '有效检测：首页可经 IPv4 或 IPv6 加载的网站（结论为达标、部分达标或不达标）；结论为错误或无法访问的网站不反映 IPv6 情况，不计入达标率和平均分。',
      share: '达标率：达标网站数 / 有效检测网站数。',
      change: '变化：本期达标率减去上期达标率，单位为百分点。',
      checkBeforeUse: '正式使用前请核对网站名单。',
    },
  },
};
