/**
 * The one table of checks: each row holds a check's id, default role, score weight or group,
 * the thresholds it reads (with their defaults and ranges), the function that judges it and the
 * shape of its details. The default profile, profile validation, JSON keys, CSV columns, the
 * score, docs/READINESS.md and docs/REPORTS.md all come from here: adding a check is one row plus
 * its probe. Names and sentences for people live in src/i18n/ (one terms file per language).
 */
import { checkDnsA } from '../judge/checks/dns-a.ts';
import { checkDnsAaaa } from '../judge/checks/dns-aaaa.ts';
import { linksCheck } from '../judge/checks/links.ts';
import { checkMxAaaa } from '../judge/checks/mx-aaaa.ts';
import { checkMxReach6 } from '../judge/checks/mx-reach6.ts';
import { checkNsAaaa } from '../judge/checks/ns-aaaa.ts';
import { checkNsReach6 } from '../judge/checks/ns-reach6.ts';
import { checkWebHttp6 } from '../judge/checks/web-http6.ts';
import { checkWebLatency6 } from '../judge/checks/web-latency6.ts';
import { checkWebSame } from '../judge/checks/web-same.ts';
import { checkWebTcp6 } from '../judge/checks/web-tcp6.ts';
import type { CheckFunction } from '../judge/judge-options.ts';

export type CheckRole = 'required' | 'recommended' | 'info' | 'off';
export const CHECK_ROLES: readonly CheckRole[] = ['required', 'recommended', 'info', 'off'];

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error';
export const CHECK_STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'warn', 'skip', 'error'];

export type ScoreGroupId = 'home6' | 'mail';

/** Points of each group of checks that only score together. */
export const SCORE_GROUPS: Record<ScoreGroupId, { weight: number }> = {
  home6: { weight: 40 },
  mail: { weight: 5 },
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

export type ThresholdName =
  'linksL2' | 'linksL3' | 'similarity' | 'latencyRatio' | 'latencySlackMs';

/** A profile threshold: its default and the values a profile may give it. */
export interface ThresholdDefinition {
  name: ThresholdName;
  defaultValue: number;
  accepts: (value: number) => boolean;
  /** The accepted range in words, for a profile error. */
  range: string;
}

export interface CheckDefinition {
  id: CheckId;
  /** Role in the default profile. */
  defaultRole: CheckRole;
  /** Points toward the 0-100 score when scored alone; 0 for members of a score group. */
  weight: number;
  /** Checks scored together: all must pass for the group's points (SCORE_GROUPS). */
  scoreGroup?: ScoreGroupId;
  thresholds: readonly ThresholdDefinition[];
  /**
   * The check compares IPv6 with IPv4: from a scanner without IPv4 it is `skip` with the reason
   * "IPv6-only vantage" (SPEC "Vantage").
   */
  comparesIpv4?: boolean;
  judge: CheckFunction;
  /**
   * Every key the judge may put into the check's details (beside status and summary), with what
   * it holds; docs/REPORTS.md lists them and a test holds the judge to them.
   */
  details: Readonly<Record<string, string>>;
}

const share = (name: ThresholdName, defaultValue: number): ThresholdDefinition => ({
  name,
  defaultValue,
  accepts: (value) => value >= 0 && value <= 1,
  range: name === 'similarity' ? 'a similarity from 0 to 1' : 'a share from 0 to 1',
});

const LOOKUP_DETAILS = {
  error: 'failure code when the check did not pass',
  name: 'the name looked up',
  outcome: 'how the lookup ended (ok or a failure code)',
  cname_chain: 'the CNAMEs followed',
  addresses: 'every answer with its kind, whether it is global and whether it counted',
  non_global: 'the answers that are not global unicast, with their kind',
  resolver: 'the resolver that answered',
} as const;

const HOSTS_AAAA_DETAILS = {
  error: 'failure code when the check did not pass',
  ok: 'per host: it has a counting AAAA',
} as const;

const PROBES_DETAILS = {
  error: 'failure code of the first address that did not answer',
} as const;

const LINKS_DETAILS = {
  error: 'failure code when the links could not be measured',
  ratio: 'ok6 / total, null when no link counted',
  ok6: 'links that loaded over IPv6',
  total: 'links that loaded over at least one family (broken links left out)',
  found: 'distinct inner links found',
  sampled: 'links fetched (at most --max-links)',
  broken: 'sampled links that loaded over neither family',
  not_measured: 'sampled links the site deadline cut before IPv6 was measured (left out)',
  threshold: 'the share the profile asks for',
  links: 'every sampled link with its outcome per family',
} as const;

export const CHECK_TABLE: readonly CheckDefinition[] = [
  {
    id: 'dns_aaaa',
    defaultRole: 'required',
    weight: 0,
    scoreGroup: 'home6',
    thresholds: [],
    judge: checkDnsAaaa,
    details: LOOKUP_DETAILS,
  },
  {
    id: 'dns_a',
    defaultRole: 'info',
    weight: 0,
    thresholds: [],
    judge: checkDnsA,
    details: LOOKUP_DETAILS,
  },
  {
    id: 'ns_aaaa',
    defaultRole: 'recommended',
    weight: 5,
    thresholds: [],
    judge: checkNsAaaa,
    details: {
      ...HOSTS_AAAA_DETAILS,
      zone: 'the zone whose name servers were asked',
      name_servers: 'per name server: its AAAA lookup (as dns_aaaa) and ok',
    },
  },
  {
    id: 'ns_reach6',
    defaultRole: 'recommended',
    weight: 5,
    thresholds: [],
    judge: checkNsReach6,
    details: {
      ...PROBES_DETAILS,
      zone: 'the zone asked about',
      addresses: 'per name server IPv6 address: ok, rcode or error, elapsed_ms',
    },
  },
  {
    id: 'web_tcp6',
    defaultRole: 'required',
    weight: 0,
    scoreGroup: 'home6',
    thresholds: [],
    judge: checkWebTcp6,
    details: {
      error: 'failure code of the first refused address and port',
      rule: 'every_ipv4_open_port, or any_web_port when IPv4 has no open web port',
      ipv4_side: '"IPv6-only vantage" when the scanner has no IPv4 and the IPv4 side was skipped',
      web_ports: 'the web ports probed',
      ipv4_open_ports: 'the web ports that accepted TCP over IPv4',
      addresses: 'per IPv6 address: each port with ok, connect_ms or error and elapsed_ms',
    },
  },
  {
    id: 'web_http6',
    defaultRole: 'required',
    weight: 0,
    scoreGroup: 'home6',
    thresholds: [],
    judge: checkWebHttp6,
    details: {
      error: 'failure code when the home page did not load over IPv6',
      entry_url: 'the URL fetched first',
      final_url: 'the URL the redirects ended at',
      final_status: 'the final HTTP status over IPv6',
      ipv4_final_status: 'the final HTTP status over IPv4, for comparison',
      ttfb_ms: 'time to response headers over IPv6',
      detail: 'the raw error message, for the curious',
      tls: 'the last certificate seen: valid, subject, issuer, valid_to, invalid_reason',
      hops: 'every redirect hop: url, address, status or error',
    },
  },
  {
    id: 'web_same',
    defaultRole: 'recommended',
    weight: 10,
    thresholds: [share('similarity', 0.9)],
    comparesIpv4: true,
    judge: checkWebSame,
    details: {
      error_v4: 'why there was no IPv4 page to compare',
      error_v6: 'why there was no IPv6 page to compare',
      final_url_v4: 'final URL over IPv4',
      final_url_v6: 'final URL over IPv6',
      status_v4: 'final status over IPv4',
      status_v6: 'final status over IPv6',
      similarity: 'content similarity of the two pages, 0 to 1',
      threshold: 'the similarity the profile asks for',
      differences: 'what differs, in words',
    },
  },
  {
    id: 'web_latency6',
    defaultRole: 'recommended',
    weight: 5,
    thresholds: [
      {
        name: 'latencyRatio',
        defaultValue: 1.2,
        accepts: (value) => value >= 1,
        range: 'a ratio of at least 1',
      },
      {
        name: 'latencySlackMs',
        defaultValue: 50,
        accepts: (value) => value >= 0,
        range: 'milliseconds, 0 or more',
      },
    ],
    comparesIpv4: true,
    judge: checkWebLatency6,
    details: {
      v6_ms: 'fastest undisturbed time to headers over IPv6; null when the scanner stalled in each',
      v4_ms: 'fastest undisturbed time to headers over IPv4; null when the scanner stalled in each',
      samples_v6_ms: 'every counted sample over IPv6',
      samples_v4_ms: 'every counted sample over IPv4',
      scanner_lag_max_ms: "the scanner's longest own stall during a sample",
      retakes: 'sample pairs measured again after a stall',
      ratio: 'the ratio the profile allows',
      slack_ms: 'the slack the profile allows',
    },
  },
  {
    id: 'links_l2',
    defaultRole: 'recommended',
    weight: 20,
    thresholds: [share('linksL2', 0.9)],
    judge: linksCheck(2),
    details: LINKS_DETAILS,
  },
  {
    id: 'links_l3',
    defaultRole: 'recommended',
    weight: 10,
    thresholds: [share('linksL3', 0.85)],
    judge: linksCheck(3),
    details: LINKS_DETAILS,
  },
  {
    id: 'mx_aaaa',
    defaultRole: 'recommended',
    weight: 0,
    scoreGroup: 'mail',
    thresholds: [],
    judge: checkMxAaaa,
    details: {
      ...HOSTS_AAAA_DETAILS,
      hosts: 'per MX host: exchange, preference, its AAAA lookup (as dns_aaaa) and ok',
    },
  },
  {
    id: 'mx_reach6',
    defaultRole: 'recommended',
    weight: 0,
    scoreGroup: 'mail',
    thresholds: [],
    judge: checkMxReach6,
    details: {
      ...PROBES_DETAILS,
      probes: 'per MX IPv6 address: exchange, ok, banner or error, elapsed_ms',
    },
  },
];

export function checkDefinition(id: CheckId): CheckDefinition {
  const found = CHECK_TABLE.find((row) => row.id === id);
  if (!found) throw new Error(`unknown check ${id}`);
  return found;
}

/** Every threshold of every check, in table order. */
export const THRESHOLD_DEFINITIONS: readonly ThresholdDefinition[] = CHECK_TABLE.flatMap(
  (row) => row.thresholds,
);

/** The score points of a check: its own weight, or its group's when it scores in one. */
export function checkPoints(row: CheckDefinition): number {
  return row.scoreGroup ? SCORE_GROUPS[row.scoreGroup].weight : row.weight;
}
