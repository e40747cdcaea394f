import type { FailureCode } from '../net/failure-code.ts';
import type { AddressWithKind, HomePageState, PortOutcome } from './phrases.ts';
import { addressWithPort, formatRatio, listSome, type Terms } from './terms.ts';

const FAILURES: Record<FailureCode, string> = {
  timeout: 'timed out',
  refused: 'connection refused',
  unreachable: 'network unreachable',
  no_route: 'no route to the address from the scanner (no route, or host unreachable)',
  local_error:
    "refused by the scanner's own host (no source address of that family, or a local firewall)",
  reset: 'connection reset',
  tls_invalid: 'TLS certificate not valid for the name',
  tls_error: 'TLS handshake failed',
  http_status: 'HTTP error status',
  http_protocol: 'malformed HTTP response',
  too_large: 'response larger than the cap',
  too_many_redirects: 'too many redirects',
  redirect_loop: 'redirect loop',
  bad_redirect: 'redirect to an unusable location',
  nxdomain: 'name does not exist (NXDOMAIN)',
  nodata: 'no record of that type',
  servfail: 'DNS server failure (SERVFAIL)',
  dns_refused: 'DNS query refused',
  dns_error: 'DNS error',
  cname_loop: 'CNAME loop or chain too long',
  resolver_unreachable: 'no DNS resolver reachable (connection refused or no route)',
  non_global: 'address is not global unicast',
  no_address: 'no usable address',
  smtp_banner: 'no SMTP 220 banner',
  deadline: 'site deadline reached',
  invalid_target: 'invalid target',
  error: 'unexpected error',
};

/** SPEC "Vantage": the words of every IPv4 comparison skipped on a host without IPv4. */
const IPV6_ONLY_VANTAGE = 'IPv6-only vantage';

/** "1 address", "2 addresses". */
function count(amount: number, singular: string, plural = `${singular}s`): string {
  return `${amount} ${amount === 1 ? singular : plural}`;
}

function list(items: string[]): string {
  return listSome(items, (more) => `and ${more} more`).join('; ');
}

const kinds = (addresses: AddressWithKind[]): string[] =>
  addresses.map(({ address, kind }) => `${address} is ${kind}`);

const pairs = (outcomes: PortOutcome[]): string =>
  list(
    outcomes.map(
      (pair) =>
        `${addressWithPort(pair.address, pair.port)} ${pair.error ? FAILURES[pair.error] : 'failed'}`,
    ),
  );

const homePage = (state: HomePageState): string =>
  state === 'loaded'
    ? 'loaded'
    : state === 'not_fetched'
      ? 'not fetched, no usable address'
      : FAILURES[state];

const outcome = (value: keyof typeof FAILURES | 'ok'): string =>
  value === 'ok' ? 'answered' : FAILURES[value];

const UNMEASURED = {
  zone_name_servers: "the zone's name servers",
  name_server_queries: 'a query to every name server IPv6 address',
  smtp_banners: 'an SMTP banner from every mail server IPv6 address',
  home_page_v6: 'the home page over IPv6',
  tcp6_any_port: 'TCP over IPv6',
  tcp6_every_port: 'TCP on every IPv6 address and web port',
} as const;

const LINKS_UNMEASURED = 'the inner links could not be measured';

/** " (3 not measured before the site deadline)", or nothing. */
const notMeasuredNote = (notMeasured: number): string =>
  notMeasured === 0 ? '' : ` (${notMeasured} not measured before the site deadline)`;

export const EN: Terms = {
  language: 'en',
  verdicts: {
    error: 'error',
    unreachable: 'unreachable',
    non_compliant: 'non-compliant',
    partial: 'partial',
    compliant: 'compliant',
  },
  statuses: { pass: 'pass', fail: 'fail', warn: 'warn', skip: 'skip', error: 'error' },
  roles: { required: 'required', recommended: 'recommended', info: 'information', off: 'off' },
  checks: {
    dns_aaaa: 'IPv6 address (AAAA)',
    dns_a: 'IPv4 address (A, baseline)',
    ns_aaaa: 'name servers have IPv6',
    ns_reach6: 'name servers answer over IPv6',
    web_tcp6: 'web ports open over IPv6',
    web_http6: 'home page over IPv6',
    web_same: 'same site over IPv4 and IPv6',
    web_latency6: 'IPv6 not slower',
    links_l2: 'second-level links over IPv6',
    links_l3: 'third-level links over IPv6',
    mx_aaaa: 'mail servers have IPv6',
    mx_reach6: 'mail servers answer over IPv6',
  },
  failures: FAILURES,
  outcome,
  phrases: {
    check_off: ({ profile }) => `not asked for (off in profile ${profile})`,
    ipv6_only_vantage: () => IPV6_ONLY_VANTAGE,
    not_measured_invalid_target: () => `not measured: ${FAILURES.invalid_target}`,
    not_measured: ({ what, deadline }) =>
      `${UNMEASURED[what]} was not measured${deadline ? ' (site deadline reached)' : ''}`,
    lookup_failed: ({ type, outcome: value }) => `${type} lookup failed: ${outcome(value)}`,
    addresses_counted: ({ type, addresses, all_global }) => {
      const what = all_global
        ? `global ${type} record`
        : `${type} record counted with --allow-private`;
      return `${count(addresses.length, what, what.replace('record', 'records'))}: ${list(addresses)}`;
    },
    addresses_not_global: ({ type, addresses }) =>
      `no global ${type} record: ${list(kinds(addresses))}, not global unicast`,
    no_record: ({ type }) => `no ${type} record`,
    zone_not_found: ({ outcome: value }) =>
      `the zone's name servers could not be found: ${value === 'ok' ? 'no NS records found' : outcome(value)}`,
    hosts_without_aaaa: ({ group, zone, hosts, total }) =>
      `${group === 'name_servers' ? `name servers of ${zone}` : 'mail servers'} without a global AAAA (${hosts.length} of ${total}): ${list(
        hosts.map(
          ({ host, addresses }) =>
            `${host} (${addresses.length === 0 ? 'no AAAA record' : kinds(addresses).join(', ')})`,
        ),
      )}`,
    hosts_aaaa_lookup_failed: ({ hosts }) =>
      `the AAAA lookup failed for ${list(hosts.map(({ host, outcome: value }) => `${host} (${outcome(value)})`))}`,
    hosts_all_aaaa: ({ group, zone, count: amount }) => {
      const who = group === 'name_servers' ? 'name server' : 'mail server';
      const of = group === 'name_servers' ? ` of ${zone}` : '';
      return amount === 1
        ? `the 1 ${who}${of} has a global AAAA`
        : `all ${amount} ${who}s${of} have a global AAAA`;
    },
    hosts_no_ipv6: ({ group, zone }) =>
      group === 'name_servers'
        ? `no name server of ${zone} has an IPv6 address to ask`
        : 'no mail server has an IPv6 address to deliver to',
    probes_failed: ({ group, failed, total }) =>
      `${group === 'name_servers' ? 'name server IPv6 addresses that did not answer' : 'mail server IPv6 addresses without a 220 banner on port 25'} (${failed.length} of ${total}): ${list(
        failed.map((probe) =>
          `${probe.host} ${probe.address} ${probe.error ? FAILURES[probe.error] : ''}`.trim(),
        ),
      )}`,
    probes_all_answered: ({ group, zone, count: amount }) => {
      if (group === 'name_servers') {
        return amount === 1
          ? `the 1 IPv6 address of the name servers of ${zone} answered over IPv6`
          : `all ${amount} IPv6 addresses of the name servers of ${zone} answered over IPv6`;
      }
      return amount === 1
        ? 'the 1 mail server IPv6 address answers with a 220 banner'
        : `all ${amount} mail server IPv6 addresses answer with a 220 banner`;
    },
    mail_not_asked: () => 'not asked for (--mail)',
    null_mx: () => 'null MX: the domain takes no mail',
    no_mx: () => 'no MX record',
    tcp6_lookup_failed: ({ outcome: value }) =>
      `no IPv6 address to connect to: the AAAA lookup failed (${outcome(value)})`,
    tcp6_no_address: () => 'no global IPv6 address to connect to',
    tcp6_any_port_ok: ({ ports, ipv6_only_vantage }) =>
      `IPv6 accepts TCP on ${ports.join(', ')} (${ipv6_only_vantage ? `IPv4 side skipped: ${IPV6_ONLY_VANTAGE}` : 'no web port open on IPv4 to match'})`,
    tcp6_no_port: ({ pairs: failed }) => `no web port accepts TCP over IPv6: ${pairs(failed)}`,
    tcp6_port_refused: ({ pairs: failed, total }) =>
      `IPv6 does not accept TCP on a web port open on IPv4 (${failed.length} of ${total} address-port pairs): ${pairs(failed)}`,
    tcp6_all_ok: ({ count: amount, ports }) =>
      `${count(amount, 'IPv6 address', 'IPv6 addresses')} ${amount === 1 ? 'accepts' : 'accept'} TCP on ${ports.join(', ')}, the web ports open on IPv4`,
    http6_lookup_failed: () => 'the IPv6 address lookup failed, so the home page was not fetched',
    http6_no_address: () => 'the home page cannot load over IPv6: no global IPv6 address',
    http6_not_loaded: ({ error, tls_reason, failed_at }) =>
      `the home page did not load over IPv6: ${FAILURES[error]}${tls_reason ? ` (${tls_reason})` : ''}${failed_at ? ` at ${failed_at}` : ''}`,
    http6_loads: ({ status }) => `the home page loads over IPv6: HTTP ${status}`,
    http6_error_status: ({ status, v4_status }) =>
      `the home page over IPv6 ends in HTTP ${status} (${v4_status === null ? 'no response over IPv4' : `HTTP ${v4_status} over IPv4`})`,
    same_no_a: () => 'no A record: no IPv4 page to compare with',
    same_no_v4_page: () => 'the home page did not load over IPv4: no IPv4 page to compare with',
    same_no_v6_page: () =>
      'the home page did not load over IPv6: no IPv6 page to compare (see web_http6)',
    same_not_measured: () => 'the content similarity was not measured',
    same_differs: ({ differences }) =>
      differences
        .map((difference) => {
          if (difference.what === 'url')
            return `the final URL differs (IPv4 ${difference.v4}, IPv6 ${difference.v6})`;
          if (difference.what === 'status')
            return `the final status differs (IPv4 ${difference.v4}, IPv6 ${difference.v6})`;
          return `the content differs (similarity ${formatRatio(difference.similarity, difference.threshold)} < ${formatRatio(difference.threshold)})`;
        })
        .join('; '),
    same_ok: ({ status, similarity }) =>
      `the same page over both families (HTTP ${status}, similarity ${formatRatio(similarity)})`,
    latency_no_samples: ({ missing_v6, missing_v4 }) =>
      `no time-to-headers samples over ${[missing_v6 ? 'IPv6' : '', missing_v4 ? 'IPv4' : ''].filter(Boolean).join(' and ')}`,
    latency_slower: ({ v6_ms, v4_ms, ratio, slack_ms }) =>
      `IPv6 is slower: at best ${v6_ms} ms to headers against ${v4_ms} ms over IPv4 (more than ${ratio} x and ${slack_ms} ms slower)`,
    latency_ok: ({ v6_ms, v4_ms }) =>
      `at best ${v6_ms} ms to headers over IPv6, ${v4_ms} ms over IPv4`,
    latency_scanner_busy: ({ lag_ms, v6_ms, v4_ms }) =>
      `scanner too busy to measure: its own stalls (up to ${lag_ms} ms) could account for IPv6's ${v6_ms} ms against IPv4's ${v4_ms} ms`,
    links_not_asked: ({ level }) => `not asked for (--depth ${level === 2 ? '0' : '0 or 1'})`,
    links_home_not_loaded: () =>
      'not measured: the home page loaded over neither family, so no inner links were followed',
    links_deadline: () => `${LINKS_UNMEASURED}: site deadline reached before this level`,
    links_budget_spent: () => `${LINKS_UNMEASURED}: request budget spent before this level`,
    links_max_zero: () => `${LINKS_UNMEASURED}: max links is 0`,
    links_none_found: () => 'no inner links found',
    links_all_broken: ({ sampled }) =>
      `none of the ${sampled} sampled inner links loaded over either family (broken links)`,
    links_share: ({ ok6, total, ratio, threshold, not_measured }) =>
      `${ok6} of ${total} inner ${total === 1 ? 'link loads' : 'links load'} over IPv6 (${formatRatio(ratio, threshold)} ${ratio < threshold ? '<' : '>='} ${formatRatio(threshold)})${notMeasuredNote(not_measured)}`,
    links_deadline_before_counting: ({ not_measured }) =>
      `the site deadline cut the inner links before any could be counted${notMeasuredNote(not_measured)}`,
    name_not_resolving: ({ a, aaaa }) =>
      `the name does not resolve: ${a === aaaa ? outcome(a) : `A ${outcome(a)}, AAAA ${outcome(aaaa)}`}`,
    home_unreachable: ({ v4, v6 }) =>
      `the home page loaded over neither IPv4 nor IPv6 (IPv4: ${homePage(v4)}; IPv6: ${homePage(v6)}): the site is down, re-check later`,
    deadline_cut: () =>
      'the site deadline (--site-timeout) cut the scan short: later measurements are missing',
    invalid_target: ({ detail }) => `${FAILURES.invalid_target}: ${detail}`,
  },
  reasonLine: (check, text) => (check ? `${check}: ${text}` : text),
  report: {
    title: 'IPv6 readiness report',
    scanned: 'Scanned',
    tool: 'Tool',
    profile: 'Profile',
    vantage: 'Measured from',
    overview: 'Overview',
    sites: 'Sites',
    sitesMeasured: 'Sites measured',
    compliantShare: 'Compliant share',
    meanScore: 'Mean IPv6 score',
    verdictShares: 'Verdicts',
    byCategory: 'By category',
    byOwner: 'By owner',
    scoreHistogram: 'IPv6 score distribution',
    changeSinceBaseline: 'Change since the previous report',
    baseline: 'Previous report',
    noGroup: '(none)',
    columns: {
      index: 'No.',
      target: 'Target',
      host: 'Host',
      unicodeHost: 'Host (Unicode)',
      name: 'Site name',
      owner: 'Owner',
      category: 'Category',
      rank: 'Rank',
      verdict: 'Verdict',
      score: 'IPv6 score',
      reasons: 'Reasons',
      scannedAt: 'Scanned at',
      aaaa: 'IPv6 addresses (AAAA)',
      a: 'IPv4 addresses (A)',
      v6Status: 'IPv6 status',
      v4Status: 'IPv4 status',
      v6TtfbMs: 'IPv6 time to headers (ms)',
      v4TtfbMs: 'IPv4 time to headers (ms)',
      similarity: 'Similarity',
      l2Ratio: 'Second-level links over IPv6',
      l3Ratio: 'Third-level links over IPv6',
      group: 'Group',
      total: 'Sites',
      measured: 'Measured',
      baselineShare: 'Previous compliant share',
      change: 'Change (points)',
      check: 'Check id',
      checkName: 'Check',
      role: 'Role',
      status: 'Status',
      reason: 'Reason',
    },
    filters: {
      allVerdicts: 'All verdicts',
      allCategories: 'All categories',
      allOwners: 'All owners',
      search: 'Search name, host, owner',
      shown: 'sites shown',
    },
    detail: {
      addresses: 'Addresses',
      statusChain: 'HTTP status chain',
      tls: 'TLS certificate',
      subject: 'Subject',
      issuer: 'Issuer',
      expires: 'Expires',
      similarity: 'IPv4/IPv6 page similarity',
      failingLinks: 'Inner links that fail over IPv6',
      checks: 'Checks',
      none: 'none',
      close: 'Close',
    },
    sheets: { summary: 'Summary', sites: 'Sites', failingChecks: 'Failing checks' },
    notes: {
      measured:
        'Measured: sites whose home page loaded over IPv4 or IPv6 (verdict compliant, partial or non-compliant); error and unreachable sites say nothing about IPv6 and are left out of shares and mean scores.',
      share: 'Compliant share: compliant sites / measured sites.',
      change: 'Change: compliant share now minus in the previous report, in percentage points.',
      checkBeforeUse: 'Check the list of sites before official use.',
    },
  },
};
