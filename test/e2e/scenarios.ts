/**
 * What v6ready must report for each lab host (SPEC "Checks" and "Verdicts"). Each entry is one
 * test, checked in report.json and in report.csv. A check left out is not asserted; a list of
 * statuses marks a point where the SPEC leaves the choice open (said in a comment).
 */
import type { CheckId, CheckStatus } from '../../src/checks/check-table.ts';
import type { Verdict } from '../../src/judge/judge-types.ts';
import type { FailureCode } from '../../src/net/failure-code.ts';
import { LAB_ZONE, NXDOMAIN_NAME, SERVFAIL_NAME } from './lab/lab-plan.ts';
import { MIXED_LINKS, READY_LINKS, type LinkFault6, type LinkLevelPlan } from './lab/link-sites.ts';

export type StatusExpectation = CheckStatus | readonly CheckStatus[];

/** What one level's check (links_l2 or links_l3) must hold in report.json. */
export interface LinkLevelExpectation {
  /** The details' ratio, ok6 and total: broken links are left out of total. */
  ratio: number;
  ok6: number;
  total: number;
  /** Distinct inner links found at this level, and how many of them were measured. */
  found: number;
  sampled: number;
  /** What each link is meant to do: every measured link is one of these, with its outcome. */
  plan: LinkLevelPlan;
}

export interface LinkExpectations {
  links_l2: LinkLevelExpectation;
  links_l3: LinkLevelExpectation;
  /** URLs that no level may list (external, not http, the home page, a fourth level). */
  neverMeasured: readonly string[];
}

export interface Scenario {
  /** The behaviour in words: the test's name. */
  title: string;
  target: string;
  verdict: Verdict;
  /** Asserted to 0.05 where the SPEC fixes it (its weights, x ratio for the link checks). */
  score?: number;
  checks: Partial<Record<CheckId, StatusExpectation>>;
  /** Failure words that the check's details in report.json must carry. */
  failures?: Partial<Record<CheckId, FailureCode>>;
  /** Names or words (a host, an address, an address kind) the check's details must carry. */
  mentions?: Partial<Record<CheckId, string[]>>;
  /** report.csv cells beside the check columns. */
  csv?: Record<string, string>;
  /** The link checks' details, link by link. */
  links?: LinkExpectations;
}

const host = (label: string): string => `${label}.${LAB_ZONE}`;

/**
 * A healthy site is never judged slower over IPv6; a busy lab host may only make the check
 * skip ("scanner too busy to measure"), which no verdict counts.
 */
const LATENCY_NEVER_WARNS: readonly CheckStatus[] = ['pass', 'skip'];

/** Every check of a healthy dual-stack site with --depth 0 and without --mail. */
const HEALTHY: Partial<Record<CheckId, StatusExpectation>> = {
  dns_aaaa: 'pass',
  dns_a: 'pass',
  ns_aaaa: 'pass',
  ns_reach6: 'pass',
  web_tcp6: 'pass',
  web_http6: 'pass',
  web_same: 'pass',
  web_latency6: LATENCY_NEVER_WARNS,
  links_l2: 'skip',
  links_l3: 'skip',
  mx_aaaa: 'skip',
  mx_reach6: 'skip',
};

/** The SPEC does not say whether a check with nothing to measure fails or is skipped. */
const NOTHING_TO_MEASURE: readonly CheckStatus[] = ['fail', 'skip'];

/** A name that does not resolve: its DNS and TCP checks could not be measured. */
const UNRESOLVED: Partial<Record<CheckId, StatusExpectation>> = {
  dns_aaaa: 'error',
  dns_a: 'error',
  web_tcp6: 'error',
  web_http6: 'error',
};

export const WEB_SCENARIOS: readonly Scenario[] = [
  {
    title: 'a dual-stack host with the same site on both families is compliant',
    target: host('dual'),
    verdict: 'compliant',
    score: 100,
    checks: HEALTHY,
    csv: { aaaa: '2a0d:6f0:1ab:1::1', a: '11.66.1.1', v6_status: '200', v4_status: '200' },
  },
  {
    title: 'a host without AAAA fails dns_aaaa and is non_compliant',
    target: host('nov6'),
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'fail', dns_a: 'pass', ns_aaaa: 'pass', ns_reach6: 'pass' },
  },
  {
    title: 'a black-holed AAAA fails web_tcp6 with a timeout',
    target: host('blackhole6'),
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'pass', dns_a: 'pass', web_tcp6: 'fail', web_http6: 'fail' },
    failures: { web_tcp6: 'timeout' },
  },
  {
    title: 'an IPv6 address that resets the web ports fails web_tcp6 as refused',
    target: host('refused6'),
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'pass', web_tcp6: 'fail', web_http6: 'fail' },
    failures: { web_tcp6: 'refused' },
  },
  {
    title: 'different content over IPv6 fails web_same and is partial',
    target: host('diff6'),
    verdict: 'partial',
    checks: { ...HEALTHY, web_same: 'fail' },
  },
  {
    title: 'a certificate for another name on IPv6 only fails web_http6 as tls_invalid',
    target: host('badcert6'),
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'pass', web_tcp6: 'pass', web_http6: 'fail' },
    failures: { web_http6: 'tls_invalid' },
  },
  {
    title: 'an IPv4-mapped AAAA is not global: dns_aaaa fails',
    target: host('mapped6'),
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'fail', dns_a: 'pass', web_tcp6: NOTHING_TO_MEASURE },
    mentions: { dns_aaaa: ['ipv4_mapped'] },
  },
  {
    title: 'a link-local AAAA is not global: dns_aaaa fails',
    target: host('linklocal6'),
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'fail', dns_a: 'pass', web_tcp6: NOTHING_TO_MEASURE },
    mentions: { dns_aaaa: ['fe80::8', 'link_local'] },
  },
  {
    title: 'a PMTU black hole passes web_tcp6 and fails web_http6 with a timeout',
    target: host('pmtu6'),
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'pass', web_tcp6: 'pass', web_http6: 'fail' },
    failures: { web_http6: 'timeout' },
  },
  {
    title: 'a redirect to an IPv4-only name fails web_http6',
    target: host('redir6'),
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'pass', web_tcp6: 'pass', web_http6: 'fail' },
    // The hop that failed is named, not only the entry URL.
    mentions: { web_http6: ['v4only.v6lab.test'] },
  },
  {
    title: 'name servers without AAAA fail ns_aaaa and give partial',
    target: host('www.nov6ns'),
    verdict: 'partial',
    // No name server has an IPv6 address to ask.
    checks: { ...HEALTHY, ns_aaaa: 'fail', ns_reach6: NOTHING_TO_MEASURE },
    mentions: { ns_aaaa: ['ns1.nov6ns.v6lab.test'] },
  },
  {
    title: 'a name server whose IPv6 address never answers fails ns_reach6 and gives partial',
    target: host('www.ns6dead'),
    verdict: 'partial',
    checks: { ...HEALTHY, ns_reach6: 'fail' },
    failures: { ns_reach6: 'timeout' },
    mentions: { ns_reach6: ['2a0d:6f0:1ab::14'] },
  },
  {
    title: 'a name that does not exist (NXDOMAIN) gives verdict error',
    target: NXDOMAIN_NAME,
    verdict: 'error',
    checks: UNRESOLVED,
    failures: { dns_aaaa: 'nxdomain' },
  },
  {
    title: 'SERVFAIL from a dead delegation gives verdict error',
    target: SERVFAIL_NAME,
    verdict: 'error',
    checks: UNRESOLVED,
    failures: { dns_aaaa: 'servfail' },
  },
];

export const MAIL_SCENARIOS: readonly Scenario[] = [
  {
    title: 'an MX with IPv6 and a 220 banner passes mx_aaaa and mx_reach6',
    target: 'mail6.test',
    verdict: 'compliant',
    score: 100,
    checks: { ...HEALTHY, mx_aaaa: 'pass', mx_reach6: 'pass' },
  },
  {
    title: 'an MX without AAAA fails mx_aaaa and gives partial',
    target: 'mail4.test',
    verdict: 'partial',
    checks: { ...HEALTHY, mx_aaaa: 'fail', mx_reach6: NOTHING_TO_MEASURE },
    mentions: { mx_aaaa: ['mx4.v6lab.test'] },
  },
  {
    title: 'a host without MX skips the mail checks under --mail',
    target: host('dual'),
    verdict: 'compliant',
    checks: { ...HEALTHY, mx_aaaa: 'skip', mx_reach6: 'skip' },
  },
];

/** The failure word a link must carry over IPv6 for each fault the lab puts on it. */
export const LINK_FAILURE: Record<LinkFault6, FailureCode> = {
  no_aaaa: 'nodata',
  black_hole: 'timeout',
  status_503: 'http_status',
};

/** Both link checks run at --depth 2. */
const HEALTHY_LINKED: Partial<Record<CheckId, StatusExpectation>> = {
  ...HEALTHY,
  links_l2: 'pass',
  links_l3: 'pass',
};

const MIXED_EXPECTED: LinkExpectations = {
  // 12 load over both families, 4 only over IPv4; the 2 broken ones leave the denominator.
  links_l2: { ratio: 0.75, ok6: 12, total: 16, found: 18, sampled: 18, plan: MIXED_LINKS.l2 },
  // 8 load, 4 fail over IPv6 (two 503s, a black hole, no AAAA); 1 broken.
  links_l3: { ratio: 8 / 12, ok6: 8, total: 12, found: 13, sampled: 13, plan: MIXED_LINKS.l3 },
  neverMeasured: MIXED_LINKS.neverMeasured,
};

/** SPEC score: home page 40, links 20 x and 10 x ratio, web_same 10, the rest 5; no mail: / 95. */
const MIXED_SCORE = (100 * (40 + 20 * 0.75 + 10 * (8 / 12) + 10 + 5 + 5 + 5)) / 95;

export const LINK_SCENARIOS: readonly Scenario[] = [
  {
    title:
      'level-2 links: 12 of 16 load over IPv6 (4 have only an A record, 2 broken ones left out): links_l2 fails at 0.75, partial',
    target: MIXED_LINKS.host,
    verdict: 'partial',
    checks: { ...HEALTHY_LINKED, links_l2: 'fail', links_l3: 'fail' },
    failures: { links_l2: 'nodata' },
    csv: { l2_ratio: '0.75' },
    links: MIXED_EXPECTED,
  },
  {
    title:
      'level-3 links: 8 of 12 new links load over IPv6 (503 on IPv6, black hole, no AAAA): links_l3 fails at 0.667, score by the ratios',
    target: MIXED_LINKS.host,
    verdict: 'partial',
    score: MIXED_SCORE,
    checks: { links_l3: 'fail' },
    failures: { links_l3: 'http_status' },
    csv: { l3_ratio: '0.667' },
    links: MIXED_EXPECTED,
  },
  {
    title:
      'a site whose inner links all load over IPv6 passes links_l2 (20 sampled of 25) and links_l3, compliant',
    target: READY_LINKS.host,
    verdict: 'compliant',
    score: 100,
    checks: HEALTHY_LINKED,
    csv: { l2_ratio: '1', l3_ratio: '1' },
    links: {
      links_l2: { ratio: 1, ok6: 20, total: 20, found: 25, sampled: 20, plan: READY_LINKS.l2 },
      links_l3: { ratio: 1, ok6: 6, total: 6, found: 6, sampled: 6, plan: READY_LINKS.l3 },
      neverMeasured: READY_LINKS.neverMeasured,
    },
  },
];
