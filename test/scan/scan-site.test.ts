/**
 * scanSite on loopback, for what the CLI tests cannot reach without root: a bare host's
 * https -> http fallback (ports 443 and 80). The target's entry URLs carry test ports instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsResolver } from '../../src/dns/dns-resolver.ts';
import { loadProfile } from '../../src/judge/load-profile.ts';
import type { ScanOptions } from '../../src/scan/scan-options.ts';
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
  options = {
    resolvers: [{ address: '127.0.0.1', port: dns.port }],
    concurrency: 1,
    timeoutMs: 1000,
    siteTimeoutMs: 10_000,
    maxBodyBytes: 1 << 20,
    allowPrivate: true,
    depth: 0,
    maxLinks: 20,
    mail: false,
    profile: await loadProfile('default'),
    userAgent: 'v6ready-test',
    extraCaPem: [testTls.caPem],
    nameServerPort: dns.port,
  };
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
