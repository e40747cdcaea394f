/**
 * What v6ready must report for each lab host (SPEC "Checks" and "Verdicts"). Each entry is one
 * test, checked in report.json and in report.csv. A check left out is not asserted; a list of
 * statuses marks a point where the SPEC leaves the choice open (said in a comment).
 */
import type { CheckId, CheckStatus } from '../../src/checks/check-table.ts';
import type { Verdict } from '../../src/judge/judge-types.ts';
import type { FailureCode } from '../../src/net/failure-code.ts';
import { LAB_ZONE, NXDOMAIN_NAME, SERVFAIL_NAME } from './lab/lab-plan.ts';

export type StatusExpectation = CheckStatus | readonly CheckStatus[];

export interface Scenario {
  /** The behaviour in words: the test's name. */
  title: string;
  target: string;
  verdict: Verdict;
  /** Asserted only where the SPEC fixes it exactly (every check that ran passed: 100). */
  score?: number;
  checks: Partial<Record<CheckId, StatusExpectation>>;
  /** Failure words that the check's details in report.json must carry. */
  failures?: Partial<Record<CheckId, FailureCode>>;
  /** Names or words (a host, an address, an address kind) the check's details must carry. */
  mentions?: Partial<Record<CheckId, string[]>>;
  /** report.csv cells beside the check columns. */
  csv?: Record<string, string>;
}

const host = (label: string): string => `${label}.${LAB_ZONE}`;

/** Every check of a healthy dual-stack site with --depth 0 and without --mail. */
const HEALTHY: Partial<Record<CheckId, StatusExpectation>> = {
  dns_aaaa: 'pass',
  dns_a: 'pass',
  ns_aaaa: 'pass',
  ns_reach6: 'pass',
  web_tcp6: 'pass',
  web_http6: 'pass',
  web_same: 'pass',
  web_latency6: 'pass',
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
