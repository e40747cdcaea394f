/**
 * Copied from ../shared/SPEC.md on purpose: tests compare the code's output with these, so they
 * fail if the generated header or check list drifts from the contract.
 */
export const SPEC_CSV_COLUMNS = [
  'target',
  'host',
  'category',
  'owner',
  'name',
  'rank',
  'verdict',
  'score',
  'dns_aaaa',
  'dns_a',
  'ns_aaaa',
  'ns_reach6',
  'web_tcp6',
  'web_http6',
  'web_same',
  'web_latency6',
  'links_l2',
  'links_l3',
  'mx_aaaa',
  'mx_reach6',
  'aaaa',
  'a',
  'v6_status',
  'v4_status',
  'v6_ttfb_ms',
  'v4_ttfb_ms',
  'similarity',
  'l2_ratio',
  'l3_ratio',
  'reasons',
  'scanned_at',
] as const;

/** The check ids of SPEC "Checks", in its order (the check columns of report.csv). */
export const SPEC_CHECK_IDS = SPEC_CSV_COLUMNS.slice(
  SPEC_CSV_COLUMNS.indexOf('dns_aaaa'),
  SPEC_CSV_COLUMNS.indexOf('mx_reach6') + 1,
);
