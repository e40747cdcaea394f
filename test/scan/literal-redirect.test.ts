/**
 * A redirect whose Location is an address literal is fetched at that address, with no DNS
 * question, under the global-address rule and on its own family only.
 */
import type http from 'node:http';
import { loopbackScanOptions } from '../support/test-scan-options.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsResolver } from '../../src/dns/dns-resolver.ts';
import type { ScanOptions } from '../../src/scan/scan-options.ts';
import { literalAddress, scanSite } from '../../src/scan/scan-site.ts';
import { validTarget } from '../judge/site-facts-builder.ts';
import { startDualStackServer, type DualStackServer } from '../probe/test-servers.ts';
import { startDualStackZoneServer, type ZoneServer } from '../support/zone-server.ts';

const HOST = 'literal.test.v6ready';

let web: DualStackServer;
let dns: ZoneServer;
let options: ScanOptions;

beforeAll(async () => {
  const handler: http.RequestListener = (request, response) => {
    if (request.url === '/') {
      // Each family is sent to its own loopback literal.
      const literal = request.socket.localAddress?.includes(':') ? '[::1]' : '127.0.0.1';
      response.writeHead(302, { location: `http://${literal}:${web.port}/landed` });
      return void response.end();
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<p>landed on ${request.headers.host}</p>`);
  };
  web = await startDualStackServer({ handler });
  dns = await startDualStackZoneServer({ [HOST]: { A: ['127.0.0.1'], AAAA: ['::1'] } });
  options = await loopbackScanOptions(dns.port, { timeoutMs: 2000, siteTimeoutMs: 20_000 });
});

afterAll(async () => {
  await Promise.all([web?.close(), dns?.close()]);
});

describe('a redirect to an address literal', () => {
  it('is fetched at the literal on each family, and the literal is never asked of DNS', async () => {
    const resolver = new DnsResolver({
      servers: options.resolvers,
      timeoutMs: options.timeoutMs,
      allowPrivate: true,
    });
    const target = validTarget({
      input: HOST,
      host: HOST,
      unicodeHost: HOST,
      entryUrls: [web.url(HOST)],
    });
    const facts = await scanSite(target, { options, resolver });
    expect(facts.http.v4?.result).toMatchObject({
      ok: true,
      finalStatus: 200,
      finalUrl: `http://127.0.0.1:${web.port}/landed`,
    });
    expect(facts.http.v6?.result).toMatchObject({
      ok: true,
      finalStatus: 200,
      finalUrl: `http://[::1]:${web.port}/landed`,
    });
    expect(dns.queries.filter((query) => /127\.0\.0\.1|::1/.test(query))).toEqual([]);
  });
});

describe('literalAddress', () => {
  it('an IPv4 literal on the IPv6 chain fails with no_address, and the other way round', () => {
    expect(literalAddress('11.66.0.1', 6, false)).toMatchObject({
      ok: false,
      error: 'no_address',
      detail: '11.66.0.1 is an IPv4 address, not usable over IPv6',
    });
    expect(literalAddress('2a0d:6f0:1ab::1', 4, false)).toMatchObject({
      ok: false,
      error: 'no_address',
    });
  });

  it('a global literal is its own answer, in canonical form', () => {
    expect(literalAddress('11.66.0.1', 4, false)).toEqual({ ok: true, addresses: ['11.66.0.1'] });
    expect(literalAddress('2A0D:6F0:1AB::1', 6, false)).toEqual({
      ok: true,
      addresses: ['2a0d:6f0:1ab::1'],
    });
  });

  it('a non-global literal fails as non_global unless --allow-private permits it', () => {
    for (const [literal, family] of [
      ['127.0.0.1', 4],
      ['10.0.0.1', 4],
      ['169.254.169.254', 4],
      ['::1', 6],
      ['fd00::1', 6],
      ['64:ff9b::7f00:1', 6],
    ] as const) {
      expect(literalAddress(literal, family, false)).toMatchObject({
        ok: false,
        error: 'non_global',
      });
    }
    expect(literalAddress('127.0.0.1', 4, true)).toEqual({ ok: true, addresses: ['127.0.0.1'] });
    // NAT64 carries IPv4 under an IPv6 label: never, even on an intranet.
    expect(literalAddress('64:ff9b::7f00:1', 6, true)).toMatchObject({ error: 'non_global' });
  });
});
