/**
 * Hand-built facts and judgements for report tests: a dual-stack site that loads on both
 * families, to be bent by overrides.
 */
import { CHECK_IDS, type CheckId } from '../../src/checks/check-table.ts';
import { linkRatio } from '../../src/crawl/link-ratio.ts';
import type { AddressLookup, ClassifiedAddress } from '../../src/dns/dns-types.ts';
import type { LatencySample, SiteFacts } from '../../src/facts/site-facts.ts';
import type { CheckResult, Judgement, Verdict } from '../../src/judge/judge-types.ts';
import type { HttpChain, HttpHop } from '../../src/probe/probe-types.ts';
import { buildSummary } from '../../src/report/summary.ts';
import {
  REPORT_SCHEMA,
  type Report,
  type ReportOptions,
  type SiteReport,
} from '../../src/report/report-types.ts';
import { buildSiteReport } from '../../src/report/site-report.ts';
import type { ValidTarget } from '../../src/targets/target.ts';

export function validTarget(overrides: Partial<ValidTarget> = {}): ValidTarget {
  const host = overrides.host ?? 'www.example.cn';
  return {
    valid: true,
    index: 0,
    input: host,
    host,
    unicodeHost: host,
    entryUrls: [`https://${host}/`, `http://${host}/`],
    category: 'government',
    owner: 'city office',
    name: 'City portal',
    rank: null,
    ...overrides,
  };
}

function classified(address: string): ClassifiedAddress {
  const family = address.includes(':') ? 6 : 4;
  return { address, family, global: true, kind: 'global' };
}

export function lookup(
  recordType: 'A' | 'AAAA',
  name: string,
  addresses: ClassifiedAddress[] | string[],
): AddressLookup {
  const answers = addresses.map((entry) => (typeof entry === 'string' ? classified(entry) : entry));
  return {
    queriedName: name,
    recordType,
    outcome: answers.length > 0 ? 'ok' : 'nodata',
    cnameChain: [],
    addresses: answers,
    resolver: '192.0.2.53:53',
    elapsedMs: 12.34,
  };
}

export function okHop(url: string, family: 4 | 6, address: string, status = 200): HttpHop {
  return {
    url,
    family,
    address,
    attempts: [{ address }],
    tls: {
      subject: `CN=${new URL(url).hostname}`,
      issuer: 'CN=Test CA',
      validFrom: '2025-01-01T00:00:00.000Z',
      validTo: '2026-01-01T00:00:00.000Z',
      subjectAltNames: [`DNS:${new URL(url).hostname}`],
      valid: true,
    },
    outcome: {
      ok: true,
      status,
      bodyBytes: 1200,
      truncated: false,
      timings: { connectMs: 3.21, tlsMs: 5.55, ttfbMs: 20.04, totalMs: 30.123 },
    },
  };
}

export function okChain(url: string, family: 4 | 6, address: string, ttfbMs: number): HttpChain {
  return {
    family,
    entryUrl: url,
    hops: [okHop(url, family, address)],
    result: {
      ok: true,
      finalUrl: url,
      finalStatus: 200,
      body: '<html>the page</html>',
      bodyBytes: 1200,
      truncated: false,
      ttfbMs,
    },
  };
}

export function siteFacts(overrides: Partial<SiteFacts> = {}): SiteFacts {
  const target = overrides.target ?? validTarget();
  const url = `https://${target.host}/`;
  return {
    target,
    startedAt: '2025-07-01T08:00:00.000Z',
    finishedAt: '2025-07-01T08:00:05.000Z',
    dns: {
      a: lookup('A', target.host, ['203.0.113.10']),
      aaaa: lookup('AAAA', target.host, ['2001:db8::10']),
      zone: {
        zone: 'example.cn',
        outcome: 'ok',
        nameServers: [
          {
            name: 'ns1.example.cn',
            aaaa: lookup('AAAA', 'ns1.example.cn', ['2001:db8::53']),
            reach6: [
              { address: '2001:db8::53', outcome: { ok: true, rcode: 'NOERROR', elapsedMs: 4 } },
            ],
          },
        ],
      },
    },
    webPorts: [80, 443],
    tcp: [
      { address: '2001:db8::10', family: 6, port: 443, outcome: { ok: true, connectMs: 2.5 } },
      {
        address: '2001:db8::10',
        family: 6,
        port: 80,
        outcome: { ok: false, error: 'refused', elapsedMs: 1 },
      },
      { address: '203.0.113.10', family: 4, port: 443, outcome: { ok: true, connectMs: 2 } },
    ],
    entryUrl: url,
    http: {
      v6: okChain(url, 6, '2001:db8::10', 20),
      v4: okChain(url, 4, '203.0.113.10', 18),
    },
    latency: {
      lagTickMs: 5,
      samples: [
        latencySample(4, 0, 18.04, { scannerLagMs: 42.26, disturbed: true, retaken: true }),
        latencySample(6, 0, 60.2, { scannerLagMs: 40, disturbed: true, retaken: true }),
        latencySample(4, 0, 18),
        latencySample(6, 0, 20),
        latencySample(6, 1, null, { connectMs: null, error: 'refused' }),
        latencySample(4, 1, 19),
      ],
    },
    similarity: 0.98765,
    links: {
      l2: {
        level: 2,
        found: 12,
        links: [
          {
            url: `https://${target.host}/a`,
            v6: { ok: true, finalUrl: `https://${target.host}/a`, status: 200, ttfbMs: 5 },
            v4: { ok: true, finalUrl: `https://${target.host}/a`, status: 200, ttfbMs: 5 },
          },
          {
            url: `https://${target.host}/b`,
            v6: { ok: false, error: 'timeout', detail: 'timed out' },
            v4: { ok: true, finalUrl: `https://${target.host}/b`, status: 200, ttfbMs: 5 },
          },
          {
            url: `https://${target.host}/broken`,
            v6: { ok: false, error: 'http_status', detail: '404', status: 404 },
            v4: { ok: false, error: 'http_status', detail: '404', status: 404 },
          },
        ],
      },
      l3: null,
    },
    mail: null,
    deadlineHit: false,
    ...overrides,
  };
}

export function judgement(overrides: Partial<Judgement> = {}): Judgement {
  const checks = Object.fromEntries(
    CHECK_IDS.map((id): [CheckId, CheckResult] => [
      id,
      { status: 'pass', summary: `${id} ok`, summary_code: 'no_mx' as const, summary_params: {} },
    ]),
  ) as Record<CheckId, CheckResult>;
  return { verdict: 'compliant', score: 100, reasons: [], reason_codes: [], checks, ...overrides };
}

function latencySample(
  family: 4 | 6,
  pair: number,
  headersMs: number | null,
  overrides: Partial<LatencySample> = {},
): LatencySample {
  return {
    family,
    pair,
    address: family === 6 ? '2001:db8::10' : '203.0.113.10',
    connectMs: 1.04,
    headersMs,
    scannerLagMs: 1,
    disturbed: false,
    retaken: false,
    ...overrides,
  };
}

/** A site report with just the fields a test cares about set. */
export function siteReport(
  options: {
    index?: number;
    host?: string;
    input?: string;
    verdict?: Verdict;
    score?: number;
    category?: string | null;
    owner?: string | null;
    name?: string | null;
    reasons?: string[];
    finishedAt?: string;
  } = {},
): SiteReport {
  const host = options.host ?? `site${options.index ?? 0}.example.cn`;
  const target = validTarget({
    index: options.index ?? 0,
    host,
    unicodeHost: host,
    input: options.input ?? host,
    ...(options.category !== undefined ? { category: options.category } : {}),
    ...(options.owner !== undefined ? { owner: options.owner } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
  });
  const facts = siteFacts({
    target,
    ...(options.finishedAt ? { finishedAt: options.finishedAt } : {}),
  });
  const base = judgement({
    verdict: options.verdict ?? 'compliant',
    score: options.score ?? 100,
    reasons: options.reasons ?? [],
  });
  // The links check carries the ratio of the facts' links, as the judge's would.
  const l2 = linkRatio(facts.links.l2 ?? { links: [] });
  const linksL2: CheckResult = {
    status: 'fail',
    summary: 'links_l2 below 0.90',
    summary_code: 'no_mx',
    summary_params: {},
    ...l2,
  };
  return buildSiteReport(facts, { ...base, checks: { ...base.checks, links_l2: linksL2 } });
}

export function reportOptions(overrides: Partial<ReportOptions> = {}): ReportOptions {
  return {
    resolvers: ['192.0.2.53:53'],
    timeout_ms: 5000,
    site_timeout_ms: 60000,
    max_body_bytes: 1048576,
    profile: 'default',
    depth: 2,
    max_links: 20,
    mail: false,
    shard: null,
    allow_private: false,
    vantage: { hostname: 'scanner-1', ipv6_source: '2001:db8::1' },
    ...overrides,
  };
}

/** A whole report of the given sites, in the order given (the writer sorts). */
export function report(sites: SiteReport[], options: Partial<ReportOptions> = {}): Report {
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'v6ready', version: '0.1.0' },
    started_at: '2025-07-01T08:00:00.000Z',
    finished_at: '2025-07-01T09:00:00.000Z',
    options: reportOptions(options),
    complete: true,
    sites_done: sites.length,
    sites_total: sites.length,
    summary: buildSummary(sites),
    sites,
  };
}
