import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/judge/judge-types.ts';
import type { HttpChain } from '../../src/probe/probe-types.ts';
import { judgeSite } from '../../src/judge/judge-site.ts';
import { loadProfile } from '../../src/judge/load-profile.ts';
import { buildInvalidSiteReport, buildSiteReport } from '../../src/report/site-report.ts';
import { judgement, okHop, siteFacts, validTarget } from './report-builders.ts';

describe('buildSiteReport', () => {
  it('copies the target and the judgement into the site object', () => {
    const target = validTarget({
      index: 7,
      input: 'https://xn--3lq.example/portal/',
      host: 'xn--3lq.example',
      unicodeHost: '政.example',
      rank: 12,
    });
    const site = buildSiteReport(
      siteFacts({ target }),
      judgement({ verdict: 'partial', score: 80, reasons: ['links_l2 below 0.90'] }),
    );
    expect(site).toMatchObject({
      index: 7,
      target: 'https://xn--3lq.example/portal/',
      host: 'xn--3lq.example',
      unicode_host: '政.example',
      rank: 12,
      verdict: 'partial',
      score: 80,
      reasons: ['links_l2 below 0.90'],
      scanned_at: '2025-07-01T08:00:05.000Z',
    });
    expect(site.checks.dns_aaaa.status).toBe('pass');
  });

  it('records DNS answers with kind, TCP per family and the hop chain with timings', () => {
    const evidence = buildSiteReport(siteFacts(), judgement()).evidence;
    expect(evidence?.dns.aaaa).toEqual({
      name: 'www.example.cn',
      type: 'AAAA',
      outcome: 'ok',
      detail: null,
      cname_chain: [],
      answers: [{ address: '2001:db8::10', kind: 'global', global: true }],
      resolver: '192.0.2.53:53',
      elapsed_ms: 12.3,
    });
    expect(evidence?.dns.zone?.name_servers[0]?.reach6).toEqual([
      { address: '2001:db8::53', outcome: 'ok', rcode: 'NOERROR', ms: 4 },
    ]);
    expect(evidence?.tcp.v6).toEqual([
      { address: '2001:db8::10', port: 443, outcome: 'ok', ms: 2.5 },
      { address: '2001:db8::10', port: 80, outcome: 'refused', ms: 1 },
    ]);
    expect(evidence?.tcp.v4).toHaveLength(1);
    expect(evidence?.http.v6?.hops[0]).toMatchObject({
      url: 'https://www.example.cn/',
      address: '2001:db8::10',
      outcome: 'ok',
      status: 200,
      timings: { connect_ms: 3.2, tls_ms: 5.6, ttfb_ms: 20, total_ms: 30.1 },
    });
    expect(evidence?.tls.v6).toMatchObject({ issuer: 'CN=Test CA', valid: true });
    expect(evidence?.latency.samples[0]).toEqual({
      family: 4,
      pair: 0,
      address: '203.0.113.10',
      connect_ms: 1,
      headers_ms: 18,
      scanner_lag_ms: 42.3,
      disturbed: true,
      retaken: true,
      error: null,
    });
    expect(evidence?.latency.samples[4]).toMatchObject({ headers_ms: null, error: 'refused' });
    expect(evidence?.latency.lag_tick_ms).toBe(5);
  });

  it('lists each inner link once, in the links check details, with the same counts as the CSV', async () => {
    const facts = siteFacts();
    const site = buildSiteReport(facts, judgeSite(facts, await loadProfile(undefined)));
    const text = JSON.stringify(site);
    for (const link of facts.links.l2?.links ?? []) {
      expect(text.split(`"url":${JSON.stringify(link.url)}`).length - 1).toBe(1);
    }
    expect(site.evidence).not.toHaveProperty('links');
    // /a loads on both, /b only over IPv4, /broken on neither: 1 of 2.
    expect(site.checks.links_l2).toMatchObject({ ratio: 0.5, ok6: 1, total: 2, broken: 1 });
    expect(site.figures.l2_ratio).toBe(0.5);
  });

  it('never copies the page body into the report', () => {
    const text = JSON.stringify(buildSiteReport(siteFacts(), judgement()));
    expect(text).not.toContain('the page');
  });

  it('takes the TLS evidence from the final hop of a redirect chain', () => {
    const chain: HttpChain = {
      family: 6,
      entryUrl: 'https://www.example.cn/',
      hops: [
        { ...okHop('https://www.example.cn/', 6, '2001:db8::10', 301) },
        okHop('https://portal.example.cn/', 6, '2001:db8::20'),
      ],
      result: {
        ok: true,
        finalUrl: 'https://portal.example.cn/',
        finalStatus: 200,
        body: '',
        bodyBytes: 0,
        truncated: false,
        ttfbMs: 9,
      },
    };
    const facts = siteFacts();
    const site = buildSiteReport({ ...facts, http: { ...facts.http, v6: chain } }, judgement());
    expect(site.evidence?.tls.v6?.subject).toBe('CN=portal.example.cn');
  });

  it('shows an HTTP error status as its number and other failures as their word', () => {
    const facts = siteFacts();
    const failedV6: HttpChain = {
      family: 6,
      entryUrl: 'https://www.example.cn/',
      hops: [],
      result: { ok: false, error: 'timeout', detail: 'connect timed out' },
    };
    const notFoundV4: HttpChain = {
      family: 4,
      entryUrl: 'https://www.example.cn/',
      hops: [],
      result: { ok: false, error: 'http_status', detail: '404', finalStatus: 404 },
    };
    const site = buildSiteReport(
      { ...facts, http: { v6: failedV6, v4: notFoundV4 }, latency: { samples: [], lagTickMs: 5 } },
      judgement(),
    );
    expect(site.figures).toMatchObject({
      v6_status: 'timeout',
      v4_status: 404,
      v6_ttfb_ms: null,
      v4_ttfb_ms: null,
    });
  });

  it("shows web_latency6's time to headers, else the home page fetch's", () => {
    const base = judgement();
    const latency: CheckResult = {
      status: 'pass',
      summary: 'x',
      summary_code: 'latency_ok' as const,
      summary_params: { v6_ms: 3.5, v4_ms: 2.5 },
      v6_ms: 3.5,
      v4_ms: 2.5,
    };
    const judged = buildSiteReport(
      siteFacts(),
      judgement({ checks: { ...base.checks, web_latency6: latency } }),
    );
    expect(judged.figures).toMatchObject({ v6_ttfb_ms: 3.5, v4_ttfb_ms: 2.5 });
    const unjudged = buildSiteReport(siteFacts(), judgement());
    expect(unjudged.figures).toMatchObject({ v6_ttfb_ms: 20, v4_ttfb_ms: 18 });
    // Samples taken but all disturbed: no figure, rather than the scanner's own delay.
    const disturbed: CheckResult = { ...latency, v6_ms: null, samples_v6_ms: [300] };
    const busy = buildSiteReport(
      siteFacts(),
      judgement({ checks: { ...base.checks, web_latency6: disturbed } }),
    );
    expect(busy.figures).toMatchObject({ v6_ttfb_ms: null, v4_ttfb_ms: 2.5 });
  });

  it("prefers the judge's link ratio so CSV and check never disagree", () => {
    const base = judgement();
    const site = buildSiteReport(
      siteFacts(),
      judgement({
        checks: {
          ...base.checks,
          links_l2: {
            status: 'fail',
            summary: 'x',
            summary_code: 'no_mx' as const,
            summary_params: {},
            ratio: 0.3333333,
          },
        },
      }),
    );
    expect(site.figures.l2_ratio).toBe(0.333);
  });

  it('lists every AAAA answer, global or not, in the figures', () => {
    const facts = siteFacts();
    const aaaa = {
      ...facts.dns.aaaa,
      addresses: [
        { address: 'fd00::1', family: 6 as const, global: false, kind: 'unique_local' as const },
        { address: '2001:db8::10', family: 6 as const, global: true, kind: 'global' as const },
      ],
    };
    const site = buildSiteReport({ ...facts, dns: { ...facts.dns, aaaa } }, judgement());
    expect(site.figures.aaaa).toEqual(['fd00::1', '2001:db8::10']);
    expect(site.evidence?.dns.aaaa.answers[0]?.kind).toBe('unique_local');
  });
});

describe('buildInvalidSiteReport', () => {
  it('gives a row with no host, no evidence and empty figures', () => {
    const site = buildInvalidSiteReport(
      {
        valid: false,
        index: 4,
        input: 'not a host!',
        reason: 'not a hostname or URL',
        category: null,
        owner: 'x',
        name: null,
        rank: null,
      },
      judgement({ verdict: 'error', score: 0, reasons: ['not a hostname or URL'] }),
      '2025-07-01T08:00:00.000Z',
    );
    expect(site).toMatchObject({
      index: 4,
      target: 'not a host!',
      host: null,
      unicode_host: null,
      verdict: 'error',
      evidence: null,
      scanned_at: '2025-07-01T08:00:00.000Z',
    });
    expect(site.figures.aaaa).toEqual([]);
    expect(site.figures.v6_status).toBeNull();
  });
});
