/**
 * The one table of checks. JSON keys, CSV columns, the score and docs/READINESS.md all come from
 * here: adding a check is one row plus its probe.
 */
export type CheckRole = 'required' | 'recommended' | 'info' | 'off';

export interface CheckDefinition {
  id: CheckId;
  label: string;
  /** Role in the default profile. */
  defaultRole: CheckRole;
  /** Points toward the 0-100 score when scored alone; 0 for members of a score group. */
  weight: number;
  /** Checks scored together: all must pass for the group's points (SCORE_GROUPS). */
  scoreGroup?: ScoreGroupId;
}

export type ScoreGroupId = 'home6' | 'mail';

/** Points of each group of checks that only score together. */
export const SCORE_GROUPS: Record<ScoreGroupId, { label: string; weight: number }> = {
  home6: { label: 'home page over IPv6 (dns_aaaa, web_tcp6, web_http6)', weight: 40 },
  mail: { label: 'mail over IPv6 (mx_aaaa, mx_reach6)', weight: 5 },
};

export const CHECK_IDS = [
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
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_TABLE: readonly CheckDefinition[] = [
  {
    id: 'dns_aaaa',
    label: 'global AAAA record',
    defaultRole: 'required',
    weight: 0,
    scoreGroup: 'home6',
  },
  { id: 'dns_a', label: 'A record (IPv4 baseline)', defaultRole: 'info', weight: 0 },
  { id: 'ns_aaaa', label: 'name servers have global AAAA', defaultRole: 'recommended', weight: 5 },
  {
    id: 'ns_reach6',
    label: 'name servers answer over IPv6',
    defaultRole: 'recommended',
    weight: 5,
  },
  {
    id: 'web_tcp6',
    label: 'web ports accept TCP over IPv6',
    defaultRole: 'required',
    weight: 0,
    scoreGroup: 'home6',
  },
  {
    id: 'web_http6',
    label: 'home page loads over IPv6',
    defaultRole: 'required',
    weight: 0,
    scoreGroup: 'home6',
  },
  { id: 'web_same', label: 'same site over IPv4 and IPv6', defaultRole: 'recommended', weight: 10 },
  { id: 'web_latency6', label: 'IPv6 not slower than IPv4', defaultRole: 'recommended', weight: 5 },
  {
    id: 'links_l2',
    label: 'second-level links load over IPv6',
    defaultRole: 'recommended',
    weight: 20,
  },
  {
    id: 'links_l3',
    label: 'third-level links load over IPv6',
    defaultRole: 'recommended',
    weight: 10,
  },
  {
    id: 'mx_aaaa',
    label: 'mail servers have global AAAA',
    defaultRole: 'recommended',
    weight: 0,
    scoreGroup: 'mail',
  },
  {
    id: 'mx_reach6',
    label: 'mail servers answer over IPv6',
    defaultRole: 'recommended',
    weight: 0,
    scoreGroup: 'mail',
  },
];

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error';

export function checkDefinition(id: CheckId): CheckDefinition {
  const found = CHECK_TABLE.find((row) => row.id === id);
  if (!found) throw new Error(`unknown check ${id}`);
  return found;
}
