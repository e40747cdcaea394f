import { beforeAll, describe, expect, it } from 'vitest';
import { SPEC_CHECK_IDS } from '../support/spec-report.ts';
import type { CheckId, CheckStatus } from '../../src/checks/check-table.ts';
import type { SiteFacts } from '../../src/facts/site-facts.ts';
import { judgeInvalidTarget, judgeSite } from '../../src/judge/judge-site.ts';
import type { Profile, Verdict } from '../../src/judge/judge-types.ts';
import { loadProfile } from '../../src/judge/load-profile.ts';
import {
  addressLookup,
  buildFacts,
  failedChain,
  failedLookup,
  HOME_URL,
  LOADED,
  link,
  linkLevel,
  loadedChain,
  mailFacts,
  nameServer,
  notLoaded,
  tcpProbes,
  V4_ADDRESS,
  V6_ADDRESS,
  zoneFacts,
} from './site-facts-builder.ts';

let profiles: Record<'default' | 'strict', Profile>;

beforeAll(async () => {
  profiles = { default: await loadProfile(undefined), strict: await loadProfile('strict') };
});

interface Row {
  name: string;
  facts: SiteFacts;
  profile?: 'default' | 'strict' | ((base: Profile) => Profile);
  allowPrivate?: boolean;
  verdict?: Verdict;
  checks?: Partial<Record<CheckId, CheckStatus>>;
  /** Each must match one of the reasons. */
  reasons?: (string | RegExp)[];
  /** Text that each check's JSON (what report.json shows) must contain. */
  details?: Partial<Record<CheckId, string[]>>;
  score?: number;
}

function judge(row: Row) {
  const base = profiles.default;
  const profile =
    row.profile === undefined
      ? base
      : typeof row.profile === 'function'
        ? row.profile(base)
        : profiles[row.profile];
  return judgeSite(row.facts, profile, { allowPrivate: row.allowPrivate ?? false });
}

function expectRow(row: Row): void {
  const judgement = judge(row);
  const seen = {
    verdict: judgement.verdict,
    checks: Object.fromEntries(
      Object.keys(row.checks ?? {}).map((id) => [id, judgement.checks[id as CheckId].status]),
    ),
  };
  expect(seen).toEqual({ verdict: row.verdict ?? judgement.verdict, checks: row.checks ?? {} });
  for (const expected of row.reasons ?? []) {
    const found = judgement.reasons.some((reason) =>
      typeof expected === 'string' ? reason === expected : expected.test(reason),
    );
    expect(found, `no reason ${String(expected)} in ${JSON.stringify(judgement.reasons)}`).toBe(
      true,
    );
  }
  for (const [id, pieces] of Object.entries(row.details ?? {})) {
    const json = JSON.stringify(judgement.checks[id as CheckId]);
    for (const piece of pieces) expect(json, `${id} details`).toContain(piece);
  }
  if (row.score !== undefined) expect(judgement.score).toBe(row.score);
}

const offLinks = { links: { l2: null, l3: null } };
const ns = (answers: Parameters<typeof nameServer>[2] = 'ok') => [
  nameServer('ns1.example.gov.cn', ['240e:e1:aa00::53'], answers),
  nameServer('ns2.example.gov.cn', ['2408:8000:1010::53']),
];

const VERDICT_ROWS: Row[] = [
  {
    name: 'a healthy dual-stack site is compliant with score 100 and no reasons',
    facts: buildFacts(),
    verdict: 'compliant',
    checks: {
      dns_aaaa: 'pass',
      dns_a: 'pass',
      ns_aaaa: 'pass',
      ns_reach6: 'pass',
      web_tcp6: 'pass',
      web_http6: 'pass',
      web_same: 'pass',
      web_latency6: 'pass',
      links_l2: 'pass',
      links_l3: 'pass',
      mx_aaaa: 'skip',
      mx_reach6: 'skip',
    },
    score: 100,
  },
  {
    name: 'a name that does not exist is an error, said in one reason',
    facts: buildFacts({
      dns: { a: failedLookup('A', 'nxdomain'), aaaa: failedLookup('AAAA', 'nxdomain'), zone: null },
      http: { v4: null, v6: null },
      ...offLinks,
    }),
    verdict: 'error',
    reasons: ['the name does not resolve: name does not exist (NXDOMAIN)'],
    score: 0,
  },
  {
    name: 'SERVFAIL on A and a timeout on AAAA is an error naming both',
    facts: buildFacts({
      dns: { a: failedLookup('A', 'servfail'), aaaa: failedLookup('AAAA', 'timeout'), zone: null },
      http: { v4: null, v6: null },
    }),
    verdict: 'error',
    reasons: [/SERVFAIL.*AAAA timed out/],
  },
  {
    name: 'an AAAA lookup that times out while A answers is not an error verdict but a required error',
    facts: buildFacts({ dns: { aaaa: failedLookup('AAAA', 'timeout') }, http: { v6: null } }),
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'error', web_tcp6: 'error', web_http6: 'error' },
    reasons: ['dns_aaaa: AAAA lookup failed: timed out'],
  },
  {
    name: 'a home page that loads over neither family is unreachable',
    facts: buildFacts({ http: { v4: failedChain(4, 'timeout'), v6: failedChain(6, 'refused') } }),
    verdict: 'unreachable',
    reasons: [/neither IPv4 nor IPv6 \(IPv4: timed out; IPv6: connection refused\)/],
  },
  {
    name: 'no fetch at all on either family is unreachable',
    facts: buildFacts({ http: { v4: null, v6: null } }),
    verdict: 'unreachable',
  },
  {
    name: 'an IPv4-only site is non_compliant',
    facts: buildFacts({
      dns: { aaaa: addressLookup('AAAA', []) },
      tcp: tcpProbes([V4_ADDRESS]),
      http: { v6: null },
      latency: { v6: [] },
      links: { l2: linkLevel(2, 0, 20), l3: linkLevel(3, 0, 10) },
    }),
    verdict: 'non_compliant',
    checks: {
      dns_aaaa: 'fail',
      web_tcp6: 'fail',
      web_http6: 'fail',
      web_same: 'skip',
      web_latency6: 'skip',
    },
    reasons: ['dns_aaaa: no AAAA record', /^web_tcp6: /, /^web_http6: /, /^links_l2: 0 of 20 /],
  },
  {
    name: 'another page over IPv6 is partial',
    facts: buildFacts({ similarity: 0.31 }),
    verdict: 'partial',
    checks: { web_same: 'fail' },
    reasons: ['web_same: the content differs (similarity 0.31 < 0.90)'],
  },
  {
    name: 'slow IPv6 warns and is partial',
    facts: buildFacts({ latency: { v6: [400, 420, 380], v4: [40, 41, 39] } }),
    verdict: 'partial',
    checks: { web_latency6: 'warn' },
    reasons: [/^web_latency6: IPv6 is slower: at best 380 ms .* 39 ms/],
  },
  {
    name: 'inner links under the threshold are partial under the default profile',
    facts: buildFacts({ links: { l2: linkLevel(2, 15, 20) } }),
    verdict: 'partial',
    checks: { links_l2: 'fail' },
    reasons: ['links_l2: 15 of 20 inner links load over IPv6 (0.75 < 0.90)'],
  },
  {
    name: 'the same links are non_compliant under the strict profile',
    facts: buildFacts({ links: { l2: linkLevel(2, 15, 20) } }),
    profile: 'strict',
    verdict: 'non_compliant',
  },
  {
    name: 'a required check that only warns makes the site partial',
    facts: buildFacts({ latency: { v6: [400, 420, 380], v4: [40, 41, 39] } }),
    profile: (base) => ({ ...base, roles: { ...base.roles, web_latency6: 'required' } }),
    verdict: 'partial',
  },
  {
    name: 'a check turned off is skipped, not asked for, and ignored',
    facts: buildFacts({ similarity: 0.2 }),
    profile: (base) => ({ ...base, name: 'no-parity', roles: { ...base.roles, web_same: 'off' } }),
    verdict: 'compliant',
    checks: { web_same: 'skip' },
    details: { web_same: ['not asked for'] },
  },
  {
    name: 'an info check that fails never changes the verdict or the reasons',
    facts: buildFacts({
      dns: { a: addressLookup('A', []) },
      tcp: tcpProbes([V6_ADDRESS]),
      http: { v4: null },
      latency: { v4: [] },
    }),
    verdict: 'compliant',
    checks: { dns_a: 'fail', web_same: 'skip', web_latency6: 'skip', web_tcp6: 'pass' },
  },
  {
    name: 'a deadline that cut the scan short is named in the reasons',
    facts: buildFacts({
      deadlineHit: true,
      links: {
        l3: { level: 3, found: 0, links: [], unmeasured: { reason: 'site deadline reached' } },
      },
    }),
    verdict: 'partial',
    checks: { links_l3: 'error' },
    reasons: [/^links_l3: the inner links could not be measured/, /site deadline/],
  },
];

const DNS_ROWS: Row[] = [
  {
    name: 'dns_aaaa fails with only non-global AAAA, naming each kind',
    facts: buildFacts({
      dns: {
        aaaa: addressLookup('AAAA', [
          { address: 'fd00::20', kind: 'unique_local' },
          { address: '::ffff:58.30.10.20', kind: 'ipv4_mapped' },
        ]),
      },
    }),
    checks: { dns_aaaa: 'fail' },
    reasons: [
      /^dns_aaaa: no global AAAA record: fd00::20 is unique_local; ::ffff:58\.30\.10\.20 is ipv4_mapped/,
    ],
    details: { dns_aaaa: ['non_global', '"kind":"unique_local"', '"kind":"ipv4_mapped"'] },
  },
  {
    name: 'dns_aaaa passes when one of several AAAA is global, and lists the others',
    facts: buildFacts({
      dns: {
        aaaa: addressLookup('AAAA', [V6_ADDRESS, { address: 'fe80::1', kind: 'link_local' }]),
      },
    }),
    checks: { dns_aaaa: 'pass' },
    details: { dns_aaaa: ['"non_global":[{"address":"fe80::1","kind":"link_local"}]'] },
  },
  {
    name: 'dns_aaaa follows CNAMEs: the chain is in the details',
    facts: buildFacts({
      dns: {
        aaaa: addressLookup('AAAA', [V6_ADDRESS], {
          cnameChain: ['www.example.gov.cn.cdn.example.net'],
        }),
      },
    }),
    checks: { dns_aaaa: 'pass' },
    details: { dns_aaaa: ['cdn.example.net'] },
  },
  {
    name: 'with --allow-private a loopback AAAA counts, as on a test bed',
    facts: buildFacts({
      dns: {
        aaaa: addressLookup('AAAA', [{ address: '::1', kind: 'loopback' }]),
        a: addressLookup('A', [{ address: '127.0.0.1', kind: 'loopback' }]),
      },
      tcp: tcpProbes(['127.0.0.1', '::1']),
    }),
    allowPrivate: true,
    verdict: 'compliant',
    checks: { dns_aaaa: 'pass', dns_a: 'pass', web_tcp6: 'pass' },
    details: { dns_aaaa: ['1 AAAA record counted with --allow-private: ::1'] },
  },
  {
    name: 'with --allow-private an IPv4-mapped AAAA still does not count as IPv6',
    facts: buildFacts({
      dns: { aaaa: addressLookup('AAAA', [{ address: '::ffff:127.0.0.1', kind: 'ipv4_mapped' }]) },
    }),
    allowPrivate: true,
    verdict: 'non_compliant',
    checks: { dns_aaaa: 'fail', web_tcp6: 'fail' },
  },
  {
    name: 'dns_a fails without A and errors when its lookup fails',
    facts: buildFacts({ dns: { a: failedLookup('A', 'servfail') } }),
    checks: { dns_a: 'error' },
  },
  {
    name: 'ns_aaaa fails when one name server has no AAAA',
    facts: buildFacts({
      dns: {
        zone: zoneFacts([
          nameServer('ns1.example.gov.cn', []),
          nameServer('ns2.example.gov.cn', ['2408:8000:1010::53']),
        ]),
      },
    }),
    verdict: 'partial',
    checks: { ns_aaaa: 'fail', ns_reach6: 'pass' },
    reasons: [
      'ns_aaaa: name servers of example.gov.cn without a global AAAA (1 of 2): ns1.example.gov.cn (no AAAA record)',
    ],
  },
  {
    name: 'ns_aaaa and ns_reach6 error when the zone was never looked up',
    facts: buildFacts({ dns: { zone: null } }),
    checks: { ns_aaaa: 'error', ns_reach6: 'error' },
  },
  {
    name: 'ns_aaaa and ns_reach6 error when the zone lookup failed',
    facts: buildFacts({ dns: { zone: { zone: null, outcome: 'servfail', nameServers: [] } } }),
    checks: { ns_aaaa: 'error', ns_reach6: 'error' },
    reasons: [
      /^ns_aaaa: the zone's name servers could not be found: DNS server failure \(SERVFAIL\)/,
    ],
  },
  {
    name: "ns_aaaa errors when a name server's AAAA lookup timed out",
    facts: buildFacts({
      dns: {
        zone: zoneFacts([
          {
            ...nameServer('ns1.example.gov.cn', []),
            aaaa: failedLookup('AAAA', 'timeout', 'ns1.example.gov.cn'),
          },
        ]),
      },
    }),
    checks: { ns_aaaa: 'error' },
  },
  {
    name: 'ns_reach6 fails when an IPv6 address of a name server times out',
    facts: buildFacts({ dns: { zone: zoneFacts(ns('timeout')) } }),
    verdict: 'partial',
    checks: { ns_aaaa: 'pass', ns_reach6: 'fail' },
    reasons: [/^ns_reach6: .*\(1 of 2\): ns1\.example\.gov\.cn 240e:e1:aa00::53 timed out/],
    details: { ns_reach6: ['timeout'] },
  },
  {
    name: 'ns_reach6 fails when no name server has an IPv6 address (nothing answers over IPv6)',
    facts: buildFacts({
      dns: {
        zone: zoneFacts([
          nameServer('ns1.example.gov.cn', []),
          nameServer('ns2.example.gov.cn', []),
        ]),
      },
    }),
    checks: { ns_aaaa: 'fail', ns_reach6: 'fail' },
    details: { ns_reach6: ['no_address'] },
  },
  {
    name: 'ns_reach6 errors when an address was never probed',
    facts: buildFacts({ dns: { zone: zoneFacts(ns(null)) }, deadlineHit: true }),
    checks: { ns_reach6: 'error' },
    details: { ns_reach6: ['deadline'] },
  },
];

const WEB_ROWS: Row[] = [
  {
    name: 'web_tcp6 fails when IPv6 refuses a port that accepts on IPv4, naming the pair',
    facts: buildFacts({
      tcp: tcpProbes([V4_ADDRESS, V6_ADDRESS], [80, 443], { [`${V6_ADDRESS} 443`]: 'refused' }),
    }),
    verdict: 'non_compliant',
    checks: { web_tcp6: 'fail' },
    reasons: [
      `web_tcp6: IPv6 does not accept TCP on a web port open on IPv4 (1 of 2 address-port pairs): [${V6_ADDRESS}]:443 connection refused`,
    ],
    details: { web_tcp6: ['refused', '"ipv4_open_ports":[80,443]'] },
  },
  {
    name: 'web_tcp6 does not ask IPv6 for a port that is closed on IPv4 too',
    facts: buildFacts({
      tcp: tcpProbes([V4_ADDRESS, V6_ADDRESS], [80, 443], {
        [`${V4_ADDRESS} 80`]: 'refused',
        [`${V6_ADDRESS} 80`]: 'refused',
      }),
    }),
    checks: { web_tcp6: 'pass' },
  },
  {
    name: 'web_tcp6 checks every AAAA: one dead address of two fails',
    facts: buildFacts({
      dns: { aaaa: addressLookup('AAAA', [V6_ADDRESS, '240e:e1:aa00::21']) },
      tcp: tcpProbes([V4_ADDRESS, V6_ADDRESS, '240e:e1:aa00::21'], [80, 443], {
        '240e:e1:aa00::21 80': 'timeout',
        '240e:e1:aa00::21 443': 'timeout',
      }),
    }),
    checks: { web_tcp6: 'fail' },
    details: { web_tcp6: ['timeout'] },
  },
  {
    name: 'web_tcp6 with no A record passes on one open web port',
    facts: buildFacts({
      dns: { a: addressLookup('A', []) },
      tcp: tcpProbes([V6_ADDRESS], [80, 443], { [`${V6_ADDRESS} 80`]: 'refused' }),
    }),
    checks: { web_tcp6: 'pass' },
    details: { web_tcp6: ['any_web_port'] },
  },
  {
    name: 'web_tcp6 with no A record fails when no web port accepts',
    facts: buildFacts({
      dns: { a: addressLookup('A', []) },
      tcp: tcpProbes([V6_ADDRESS], [80, 443], {
        [`${V6_ADDRESS} 80`]: 'timeout',
        [`${V6_ADDRESS} 443`]: 'timeout',
      }),
    }),
    checks: { web_tcp6: 'fail' },
  },
  {
    name: 'web_tcp6 errors when the IPv6 probes are missing',
    facts: buildFacts({ tcp: tcpProbes([V4_ADDRESS]), deadlineHit: true }),
    checks: { web_tcp6: 'error' },
  },
  {
    name: 'web_http6 fails on a certificate not valid for the name, with the reason',
    facts: buildFacts({
      http: {
        v6: failedChain(6, 'tls_invalid', { tlsInvalidReason: 'ERR_TLS_CERT_ALTNAME_INVALID' }),
      },
    }),
    verdict: 'non_compliant',
    checks: { web_http6: 'fail', web_same: 'skip' },
    reasons: [
      'web_http6: the home page did not load over IPv6: TLS certificate not valid for the name (ERR_TLS_CERT_ALTNAME_INVALID)',
    ],
    details: { web_http6: ['tls_invalid'] },
  },
  {
    name: 'web_http6 fails when IPv6 ends in 503 while IPv4 gives 200',
    facts: buildFacts({ http: { v6: loadedChain(6, { status: 503 }) } }),
    checks: { web_http6: 'fail' },
    reasons: ['web_http6: the home page over IPv6 ends in HTTP 503 (HTTP 200 over IPv4)'],
  },
  {
    name: 'web_http6 passes an error status that IPv4 gives too',
    facts: buildFacts({
      http: { v6: loadedChain(6, { status: 403 }), v4: loadedChain(4, { status: 403 }) },
    }),
    checks: { web_http6: 'pass', web_same: 'pass' },
  },
  {
    name: 'web_http6 reads an http_status failure as a complete response',
    facts: buildFacts({
      http: {
        v6: failedChain(6, 'http_status', { finalUrl: HOME_URL, finalStatus: 404 }),
        v4: loadedChain(4, { status: 404 }),
      },
    }),
    checks: { web_http6: 'pass' },
  },
  {
    name: 'web_http6 fails when the IPv6 fetch times out',
    facts: buildFacts({ http: { v6: failedChain(6, 'timeout') } }),
    checks: { web_http6: 'fail' },
    details: { web_http6: ['timeout'] },
  },
  {
    name: 'web_http6 fails on a redirect that IPv6 cannot follow',
    facts: buildFacts({
      http: {
        v6: failedChain(6, 'no_address', { redirectedTo: 'https://v4only.example.gov.cn/' }),
      },
    }),
    checks: { web_http6: 'fail' },
    reasons: [
      'web_http6: the home page did not load over IPv6: no usable address at https://v4only.example.gov.cn/',
    ],
  },
  {
    name: 'web_same fails when the final URLs differ',
    facts: buildFacts({
      http: { v6: loadedChain(6, { finalUrl: 'https://www.example.gov.cn/ipv6/' }) },
    }),
    checks: { web_same: 'fail' },
    reasons: [
      /^web_same: the final URL differs \(IPv4 https:\/\/www\.example\.gov\.cn\/, IPv6 https:\/\/www\.example\.gov\.cn\/ipv6\/\)/,
    ],
  },
  {
    name: 'web_same ignores a trailing slash and the query of the final URLs',
    facts: buildFacts({
      http: {
        v4: loadedChain(4, { finalUrl: 'https://www.example.gov.cn/portal/?sid=1' }),
        v6: loadedChain(6, { finalUrl: 'https://www.example.gov.cn/portal?sid=2' }),
      },
    }),
    checks: { web_same: 'pass' },
  },
  {
    name: 'web_same fails when the final statuses differ',
    facts: buildFacts({ http: { v6: loadedChain(6, { status: 302 }) } }),
    checks: { web_same: 'fail', web_http6: 'pass' },
  },
  {
    name: 'web_same passes at exactly the similarity threshold',
    facts: buildFacts({ similarity: 0.9 }),
    checks: { web_same: 'pass' },
  },
  {
    name: 'web_same shows more decimals when two would hide the difference',
    facts: buildFacts({ similarity: 0.8996 }),
    checks: { web_same: 'fail' },
    reasons: ['web_same: the content differs (similarity 0.8996 < 0.90)'],
  },
  {
    name: 'web_same is skipped when IPv4 gives no page to compare with',
    facts: buildFacts({ http: { v4: failedChain(4, 'timeout') } }),
    checks: { web_same: 'skip', web_http6: 'pass' },
  },
  {
    name: 'web_same is skipped when IPv6 gives no page: web_http6 already fails it',
    facts: buildFacts({ http: { v6: failedChain(6, 'timeout') } }),
    checks: { web_same: 'skip', web_http6: 'fail' },
    details: { web_same: ['"error_v6":"timeout"'] },
  },
  {
    name: 'web_same errors when the similarity was not measured',
    facts: buildFacts({ similarity: null }),
    checks: { web_same: 'error' },
  },
  {
    name: 'web_latency6 allows the slack: 3 x slower but only 20 ms more passes',
    facts: buildFacts({ latency: { v6: [30, 30, 30], v4: [10, 10, 10] } }),
    checks: { web_latency6: 'pass' },
  },
  {
    name: 'web_latency6 judges the fastest sample: one slow IPv6 sample does not warn',
    facts: buildFacts({ latency: { v6: [40, 2000, 42], v4: [40, 41, 39] } }),
    checks: { web_latency6: 'pass' },
    details: { web_latency6: ['"v6_ms":40', '"samples_v6_ms":[40,2000,42]'] },
  },
  {
    name: 'web_latency6 is skipped without IPv6 samples',
    facts: buildFacts({ latency: { v6: [] } }),
    checks: { web_latency6: 'skip' },
  },
];

const LINK_ROWS: Row[] = [
  {
    name: 'links are skipped when the depth did not ask for them',
    facts: buildFacts(offLinks),
    verdict: 'compliant',
    checks: { links_l2: 'skip', links_l3: 'skip' },
    score: 100,
  },
  {
    name: 'links without any inner link are skipped',
    facts: buildFacts({ links: { l2: { level: 2, found: 0, links: [] } } }),
    checks: { links_l2: 'skip' },
    details: { links_l2: ['no inner links found'] },
  },
  {
    name: 'broken links leave the denominator: 18 of 18 that load anywhere pass',
    facts: buildFacts({ links: { l2: linkLevel(2, 18, 18, 2) } }),
    checks: { links_l2: 'pass' },
    details: { links_l2: ['"ratio":1', '"ok6":18', '"total":18', '"broken":2', 'broken-0.html'] },
  },
  {
    name: 'links that are all broken are skipped',
    facts: buildFacts({ links: { l2: linkLevel(2, 0, 0, 3) } }),
    checks: { links_l2: 'skip' },
  },
  {
    name: 'a link whose IPv6 fetch the deadline cut leaves the denominator',
    facts: buildFacts({
      links: {
        l3: {
          level: 3,
          found: 2,
          links: [link('/a.html', LOADED, LOADED), link('/b.html', notLoaded('deadline'), LOADED)],
        },
      },
    }),
    checks: { links_l3: 'pass' },
    details: { links_l3: ['"total":1', '"not_measured":1'] },
    reasons: [],
  },
  {
    name: 'a link that failed over IPv6 but whose IPv4 fetch the deadline cut is not measured',
    facts: buildFacts({
      links: {
        l2: {
          level: 2,
          found: 3,
          links: [
            link('/a.html', LOADED, LOADED),
            link('/b.html', notLoaded('timeout'), LOADED),
            link('/c.html', notLoaded('timeout'), notLoaded('deadline')),
          ],
        },
      },
    }),
    checks: { links_l2: 'fail' },
    details: { links_l2: ['"ok6":1', '"total":2', '"broken":0', '"not_measured":1'] },
    reasons: [
      'links_l2: 1 of 2 inner links load over IPv6 (0.50 < 0.90) (1 not measured before the site deadline)',
    ],
  },
  {
    name: 'links the deadline cut before any could be counted are an error, not broken links',
    facts: buildFacts({
      deadlineHit: true,
      links: {
        l2: {
          level: 2,
          found: 2,
          links: [
            link('/a.html', notLoaded('deadline'), LOADED),
            link('/b.html', notLoaded('deadline'), notLoaded('deadline')),
          ],
        },
      },
    }),
    checks: { links_l2: 'error' },
    details: { links_l2: ['"error":"deadline"', '"not_measured":2', '"ratio":null'] },
  },
  {
    name: 'a link that gives 404 over IPv6 only counts against IPv6',
    facts: buildFacts({
      links: {
        l3: {
          level: 3,
          found: 2,
          links: [
            link('/a.html', LOADED, LOADED),
            link('/b.html', notLoaded('http_status', 404), LOADED),
          ],
        },
      },
    }),
    checks: { links_l3: 'fail' },
    reasons: ['links_l3: 1 of 2 inner links load over IPv6 (0.50 < 0.85)'],
  },
  {
    name: 'links pass at exactly the threshold',
    facts: buildFacts({ links: { l2: linkLevel(2, 18, 20) } }),
    checks: { links_l2: 'pass' },
  },
];

const dualMail = () =>
  mailFacts([
    { exchange: 'mx1.example.gov.cn', v6: ['240e:e1:aa00::25'] },
    { exchange: 'mx2.example.gov.cn', v6: ['2408:8000:1010::25'] },
  ]);

const MAIL_ROWS: Row[] = [
  {
    name: 'mail over IPv6 passes both mail checks and keeps score 100',
    facts: buildFacts({ mail: dualMail() }),
    verdict: 'compliant',
    checks: { mx_aaaa: 'pass', mx_reach6: 'pass' },
    score: 100,
  },
  {
    name: 'a null MX skips the mail checks',
    facts: buildFacts({ mail: mailFacts([], { nullMx: true, outcome: 'ok' }) }),
    checks: { mx_aaaa: 'skip', mx_reach6: 'skip' },
    details: { mx_aaaa: ['null MX'] },
  },
  {
    name: 'no MX skips the mail checks',
    facts: buildFacts({ mail: mailFacts([]) }),
    checks: { mx_aaaa: 'skip', mx_reach6: 'skip' },
  },
  {
    name: 'a failed MX lookup is an error of both mail checks',
    facts: buildFacts({ mail: mailFacts([], { outcome: 'servfail' }) }),
    checks: { mx_aaaa: 'error', mx_reach6: 'error' },
  },
  {
    name: 'an MX host without AAAA fails mx_aaaa; no MX with IPv6 fails mx_reach6',
    facts: buildFacts({ mail: mailFacts([{ exchange: 'mx1.example.gov.cn', v6: [] }]) }),
    verdict: 'partial',
    checks: { mx_aaaa: 'fail', mx_reach6: 'fail' },
    reasons: [
      'mx_aaaa: mail servers without a global AAAA (1 of 1): mx1.example.gov.cn (no AAAA record)',
    ],
    details: { mx_reach6: ['no_address'] },
  },
  {
    name: 'an MX IPv6 address without a 220 banner fails mx_reach6',
    facts: buildFacts({
      mail: mailFacts([
        { exchange: 'mx1.example.gov.cn', v6: ['240e:e1:aa00::25'], smtp: 'smtp_banner' },
        { exchange: 'mx2.example.gov.cn', v6: ['2408:8000:1010::25'] },
      ]),
    }),
    checks: { mx_aaaa: 'pass', mx_reach6: 'fail' },
    reasons: [
      /^mx_reach6: .*\(1 of 2\): mx1\.example\.gov\.cn 240e:e1:aa00::25 no SMTP 220 banner/,
    ],
  },
];

describe('judgeSite', () => {
  describe.each([
    ['verdicts', VERDICT_ROWS],
    ['DNS checks', DNS_ROWS],
    ['web checks', WEB_ROWS],
    ['link checks', LINK_ROWS],
    ['mail checks', MAIL_ROWS],
  ])('%s', (_group, rows) => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => expectRow(row));
  });

  it('lists checks in CHECK_TABLE order with a status and a summary each', () => {
    const judgement = judgeSite(buildFacts(), profiles.default);
    expect(Object.keys(judgement.checks)).toEqual(SPEC_CHECK_IDS);
    for (const result of Object.values(judgement.checks)) expect(result.summary).toMatch(/\S/);
  });

  it('keeps every link result in the links details, for the site owner', () => {
    const level = linkLevel(2, 15, 20, 1);
    const judgement = judgeSite(buildFacts({ links: { l2: level } }), profiles.default);
    expect(judgement.checks.links_l2.links).toEqual(level.links);
    expect(judgement.checks.links_l2).toMatchObject({ ratio: 0.75, ok6: 15, total: 20, found: 21 });
  });

  it('shows the final URL of a link only where a redirect changed it', () => {
    const url = 'https://www.example.gov.cn/a.html';
    const atItsUrl = { ok: true as const, finalUrl: url, status: 200, ttfbMs: 5 };
    const redirected = { ...atItsUrl, finalUrl: `${url}?moved=1` };
    const facts = buildFacts({
      links: { l2: { level: 2, found: 1, links: [{ url, v6: atItsUrl, v4: redirected }] } },
    });
    expect(judgeSite(facts, profiles.default).checks.links_l2.links).toEqual([
      {
        url,
        v6: { ok: true, status: 200, ttfbMs: 5 },
        v4: { ok: true, finalUrl: `${url}?moved=1`, status: 200, ttfbMs: 5 },
      },
    ]);
  });

  it('gives the same judgement for the same facts (pure)', () => {
    const facts = buildFacts({ similarity: 0.4 });
    expect(judgeSite(facts, profiles.default)).toEqual(judgeSite(facts, profiles.default));
  });
});

describe('judgeInvalidTarget', () => {
  it('is an error with every check skipped, score 0 and the reason', () => {
    const judgement = judgeInvalidTarget('"exa mple..test" is not a host name or URL');
    expect(judgement.verdict).toBe('error');
    expect(judgement.score).toBe(0);
    expect(judgement.reasons).toEqual([
      'invalid target: "exa mple..test" is not a host name or URL',
    ]);
    expect(Object.values(judgement.checks).map((result) => result.status)).toEqual(
      Array(12).fill('skip'),
    );
  });
});
