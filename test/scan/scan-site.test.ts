/**
 * scanSite on loopback, for what the CLI tests cannot reach without root: a bare host's
 * https -> http fallback (ports 443 and 80). The target's entry URLs carry test ports instead.
 */
import { loopbackScanOptions } from '../support/test-scan-options.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsResolver } from '../../src/dns/dns-resolver.ts';
import type { SiteFacts } from '../../src/facts/site-facts.ts';
import { checkWebLatency6 } from '../../src/judge/checks/web-latency6.ts';
import { MAX_LATENCY_RETAKES, type ScanOptions } from '../../src/scan/scan-options.ts';
import { scanSite } from '../../src/scan/scan-site.ts';
import type { ValidTarget } from '../../src/targets/target.ts';
import {
  closedPort,
  startDualStackServer,
  testTls,
  type DualStackServer,
} from '../probe/test-servers.ts';
import { validTarget } from '../judge/site-facts-builder.ts';
import { startDualStackZoneServer, type ZoneServer } from '../support/zone-server.ts';

const HOST = 'fallback.test.v6ready';

let plain: DualStackServer;
let secure: DualStackServer;
let dns: ZoneServer;
let resolver: DnsResolver;
let options: ScanOptions;

beforeAll(async () => {
  const page = (_: unknown, response: import('node:http').ServerResponse): void => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<h1>门户</h1>');
  };
  plain = await startDualStackServer({ handler: page });
  secure = await startDualStackServer({
    tls: testTls.leaf,
    handler: (_, response) => {
      response.writeHead(500);
      response.end();
    },
  });
  dns = await startDualStackZoneServer({ [HOST]: { A: ['127.0.0.1'], AAAA: ['::1'] } });
  options = await loopbackScanOptions(dns.port, {
    extraCaPem: [testTls.caPem],
  });
  resolver = new DnsResolver({
    servers: options.resolvers,
    timeoutMs: options.timeoutMs,
    allowPrivate: true,
  });
});

afterAll(async () => {
  await Promise.all([plain?.close(), secure?.close(), dns?.close()]);
});

function bareHostTarget(httpsUrl: string, httpUrl: string): ValidTarget {
  return validTarget({
    input: HOST,
    host: HOST,
    unicodeHost: HOST,
    entryUrls: [httpsUrl, httpUrl],
  });
}

describe('a bare host', () => {
  it('falls back to http when https answers on neither family', async () => {
    const closed = await closedPort('::1');
    const facts = await scanSite(bareHostTarget(`https://${HOST}:${closed}/`, plain.url(HOST)), {
      options,
      resolver,
    });
    expect(facts.entryUrl).toBe(plain.url(HOST));
    expect(facts.http.v6?.result).toMatchObject({ ok: true, finalStatus: 200 });
    expect(facts.http.v4?.result).toMatchObject({ ok: true, finalStatus: 200 });
  });

  it('returns the page sizes and their similarity but not the page bodies', async () => {
    const closed = await closedPort('::1');
    const facts = await scanSite(bareHostTarget(`https://${HOST}:${closed}/`, plain.url(HOST)), {
      options,
      resolver,
    });
    for (const chain of [facts.http.v6, facts.http.v4]) {
      expect(chain?.result).toMatchObject({ ok: true, body: '' });
      expect(chain?.result.ok && chain.result.bodyBytes).toBeGreaterThan(0);
    }
    expect(facts.similarity).not.toBeNull();
  });

  it('stays on https when https answers, even with an error status', async () => {
    const facts = await scanSite(bareHostTarget(secure.url(HOST), plain.url(HOST)), {
      options,
      resolver,
    });
    expect(facts.entryUrl).toBe(secure.url(HOST));
    expect(facts.http.v6?.result).toMatchObject({ ok: true, finalStatus: 500 });
  });
});

/** Keeps this process (scanner and servers alike) busy for `ms`: what a loaded scanner does. */
function stallEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe('latency samples', () => {
  const servers: DualStackServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  /** The TCP connections each family's requests came on, in the last siteWith. */
  let connectionsSeen: Record<4 | 6, Set<unknown>> = { 4: new Set(), 6: new Set() };

  /**
   * A site whose handler per family runs `before(requestNumber)` and then answers, at once or
   * after `delayMs` (a wait on the server's side, not a stall of this process).
   */
  async function siteWith(
    before: Partial<Record<4 | 6, (request: number) => void>>,
    delayMs: Partial<Record<4 | 6, number>> = {},
  ) {
    const requests = { 4: 0, 6: 0 };
    connectionsSeen = { 4: new Set(), 6: new Set() };
    const handlerFor =
      (family: 4 | 6): import('node:http').RequestListener =>
      (request, response) => {
        connectionsSeen[family].add(request.socket);
        before[family]?.(++requests[family]);
        const answer = (): void => {
          response.writeHead(200, { 'content-type': 'text/html' });
          response.end('<h1>门户</h1>');
        };
        if (delayMs[family] === undefined) return answer();
        const timer = setTimeout(answer, delayMs[family]);
        response.on('close', () => clearTimeout(timer));
      };
    const server = await startDualStackServer({ handler4: handlerFor(4), handler6: handlerFor(6) });
    servers.push(server);
    const target = validTarget({ input: HOST, host: HOST, entryUrls: [server.url(HOST)] });
    return scanSite(target, { options, resolver });
  }

  const judged = (facts: SiteFacts) =>
    checkWebLatency6({
      facts,
      profile: options.profile,
      allowPrivate: true,
      ipv6OnlyVantage: false,
    });

  it('come in interleaved pairs, on the kept-alive connection that served the page on each family', async () => {
    const facts = await siteWith({});
    const counted = facts.latency.samples.filter((sample) => !sample.retaken);
    expect(counted.map((sample) => `${sample.pair}:${sample.family}`)).toEqual([
      '0:4',
      '0:6',
      '1:6',
      '1:4',
      '2:4',
      '2:6',
    ]);
    expect(counted.map((sample) => sample.address)).toEqual([
      '127.0.0.1',
      '::1',
      '::1',
      '127.0.0.1',
      '127.0.0.1',
      '::1',
    ]);
    for (const sample of counted) {
      expect(sample.headersMs).toBeGreaterThanOrEqual(0);
      expect(sample.scannerLagMs).toBeGreaterThanOrEqual(0);
    }
    // The home page's fresh connection, kept alive by the server, carries every sample.
    expect(facts.latency.samples.every((sample) => sample.connectMs === null)).toBe(true);
    expect([connectionsSeen[4].size, connectionsSeen[6].size]).toEqual([1, 1]);
    // Loopback is never much slower on one family: pass, or skip when this machine was busy.
    expect(['pass', 'skip']).toContain(judged(facts).status);
  });

  it('a pair during which the scanner stalled is taken again', async () => {
    // The first sample request over IPv4 (its request 2; 1 was the home page) stalls the process.
    const facts = await siteWith({ 4: (request) => request === 2 && stallEventLoop(150) });
    const [first, second, ...rest] = facts.latency.samples;
    expect(first).toMatchObject({ family: 4, pair: 0, disturbed: true, retaken: true });
    expect(first!.scannerLagMs).toBeGreaterThanOrEqual(100);
    expect(second).toMatchObject({ family: 6, pair: 0, retaken: true });
    const pairZeroCounted = rest.filter((sample) => sample.pair === 0 && !sample.retaken);
    expect(pairZeroCounted.map((sample) => sample.family)).toEqual([4, 6]);
    expect(judged(facts).retakes).toBeGreaterThanOrEqual(1);
  });

  it('IPv6 slowed only by scanner stalls is skipped as too busy to measure, never warned', async () => {
    // Every IPv6 request stalls the whole process: the delay is the scanner's, not the path's.
    const facts = await siteWith({ 6: () => stallEventLoop(200) });
    const v6 = facts.latency.samples.filter((sample) => sample.family === 6);
    expect(v6.every((sample) => (sample.headersMs ?? 0) >= 200)).toBe(true);
    expect(v6.every((sample) => sample.disturbed)).toBe(true);
    const retaken = facts.latency.samples.filter((sample) => sample.retaken);
    expect(retaken).toHaveLength(2 * MAX_LATENCY_RETAKES);
    const result = judged(facts);
    expect(result.status).toBe('skip');
    expect(result.summary).toMatch(/^scanner too busy to measure/);
  });

  it('IPv6 that the server really delays by 300 ms warns, unless stalls could explain it', async () => {
    const facts = await siteWith({}, { 6: 300 });
    const result = judged(facts);
    const v6Ms = result.samples_v6_ms as number[];
    expect(v6Ms.length).toBeGreaterThan(0);
    expect(Math.min(...v6Ms)).toBeGreaterThanOrEqual(300);
    if (result.status !== 'warn') {
      // Only a stall of this machine longer than the gap may keep it from warning.
      expect(result.status).toBe('skip');
      expect(result.scanner_lag_max_ms).toBeGreaterThan(200);
    }
  });
});

describe('facts returned at the site deadline', () => {
  it('are not changed by the work the deadline cut off, when it ends later', async () => {
    // A resolver whose A and AAAA answers come only after the site has returned.
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const delivered: Promise<unknown>[] = [];
    const lateResolver = Object.create(resolver) as DnsResolver;
    lateResolver.lookupAddresses = (name, type) => {
      const lookup = answered.then(() => resolver.lookupAddresses(name, type));
      delivered.push(lookup);
      return lookup;
    };
    const facts = await scanSite(
      validTarget({ input: HOST, host: HOST, entryUrls: [plain.url(HOST)] }),
      { options: { ...options, siteTimeoutMs: 50 }, resolver: lateResolver },
    );
    expect(facts.deadlineHit).toBe(true);
    expect(facts.dns.a.outcome).toBe('timeout');
    // The cut-off work now goes on: it gets its answers and writes them into its own facts.
    answer();
    await Promise.all(delivered);
    // The continuation that writes them runs right after; one turn of the loop covers it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(facts.dns.a.outcome).toBe('timeout');
    expect(facts.dns.a.detail).toBe('not measured before the site deadline');
    expect(facts.http.v4).toBeNull();
  });
});
