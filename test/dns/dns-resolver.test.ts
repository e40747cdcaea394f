import { createSocket } from 'node:dgram';
import { Packet } from 'dns2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsResolver } from '../../src/dns/dns-resolver.ts';
import type { DnsResolverOptions } from '../../src/dns/dns-resolver.ts';
import { startTestDnsServer } from './test-dns-server.ts';
import type { TestDnsServer } from './test-dns-server.ts';
import { failingHandler, RCODE, zoneHandler } from './test-zone.ts';

let v4: TestDnsServer;
let v6: TestDnsServer;
let servfail: TestDnsServer;

beforeAll(async () => {
  v4 = await startTestDnsServer('127.0.0.1', zoneHandler);
  v6 = await startTestDnsServer('::1', zoneHandler);
  servfail = await startTestDnsServer('127.0.0.1', failingHandler({ rcode: RCODE.SERVFAIL }));
});

afterAll(async () => {
  await Promise.all([v4, v6, servfail].map((server) => server?.close()));
});

/** A fresh resolver (empty cache) asking the IPv4 test server; name servers are asked on ::1. */
function resolver(options: Partial<DnsResolverOptions> = {}): DnsResolver {
  return new DnsResolver({
    servers: [v4.endpoint],
    timeoutMs: 2000,
    nameServerPort: v6.endpoint.port,
    allowPrivate: true,
    ...options,
  });
}

function count(server: TestDnsServer, name: string, type: number): number {
  return server.requests.filter((request) => request.name === name && request.type === type).length;
}

describe('DnsResolver.lookupAddresses', () => {
  it('gives ok with a global AAAA, the resolver and no CNAME chain', async () => {
    const lookup = await resolver().lookupAddresses('v6.example.test', 'AAAA');
    expect(lookup).toMatchObject({
      queriedName: 'v6.example.test',
      recordType: 'AAAA',
      outcome: 'ok',
      cnameChain: [],
      addresses: [{ address: '2606:2800:220:1::1', family: 6, global: true, kind: 'global' }],
      resolver: `127.0.0.1:${v4.endpoint.port}`,
    });
    expect(lookup.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('classifies each address, global or by kind', async () => {
    const dns = resolver();
    const aaaa = await dns.lookupAddresses('mixed.example.test', 'AAAA');
    expect(aaaa.addresses.map((address) => [address.address, address.kind])).toEqual([
      ['2001:db8::1', 'documentation'],
      ['fe80::1', 'link_local'],
      ['2606:4700::1', 'global'],
    ]);
    const a = await dns.lookupAddresses('mixed.example.test', 'A');
    expect(a.addresses).toEqual([
      { address: '10.1.2.3', family: 4, global: false, kind: 'private' },
    ]);
  });

  it('normalises the name: case and trailing dot', async () => {
    const lookup = await resolver().lookupAddresses('V6.EXAMPLE.test.', 'A');
    expect(lookup).toMatchObject({ queriedName: 'v6.example.test', outcome: 'ok' });
  });

  it('follows a chain of three CNAMEs, asking again where an answer stops short', async () => {
    const before = count(v4, 'c3.example.test', Packet.TYPE.AAAA);
    const lookup = await resolver().lookupAddresses('c1.example.test', 'AAAA');
    expect(lookup).toMatchObject({
      outcome: 'ok',
      cnameChain: ['c2.example.test', 'c3.example.test', 'target.example.test'],
      addresses: [{ address: '2606:4700::10', kind: 'global' }],
    });
    // c2's answer carried c3 and the target: neither was asked for.
    expect(count(v4, 'c3.example.test', Packet.TYPE.AAAA)).toBe(before);
  });

  it('a CNAME loop across answers gives cname_loop', async () => {
    const lookup = await resolver().lookupAddresses('loop1.example.test', 'AAAA');
    expect(lookup).toMatchObject({
      outcome: 'cname_loop',
      cnameChain: ['loop2.example.test'],
      addresses: [],
    });
  });

  it('a CNAME loop inside one answer gives cname_loop', async () => {
    const lookup = await resolver().lookupAddresses('inloop1.example.test', 'A');
    expect(lookup.outcome).toBe('cname_loop');
  });

  it('a chain of ten CNAMEs is followed, eleven give cname_loop', async () => {
    const ten = await resolver().lookupAddresses('long10.example.test', 'AAAA');
    expect(ten).toMatchObject({ outcome: 'ok', addresses: [{ address: '2606:4700::11' }] });
    expect(ten.cnameChain).toHaveLength(10);
    const eleven = await resolver().lookupAddresses('long11.example.test', 'AAAA');
    expect(eleven.outcome).toBe('cname_loop');
  });

  it('tells nodata from nxdomain', async () => {
    const dns = resolver();
    await expect(dns.lookupAddresses('v4only.example.test', 'AAAA')).resolves.toMatchObject({
      outcome: 'nodata',
      addresses: [],
    });
    await expect(dns.lookupAddresses('nowhere.example.test', 'AAAA')).resolves.toMatchObject({
      outcome: 'nxdomain',
    });
  });

  it('a CNAME to a name that does not exist gives nxdomain with the chain', async () => {
    const lookup = await resolver().lookupAddresses('dangling.example.test', 'AAAA');
    expect(lookup).toMatchObject({ outcome: 'nxdomain', cnameChain: ['gone.example.test'] });
  });

  it('SERVFAIL from every resolver gives servfail, REFUSED gives dns_refused', async () => {
    const dns = resolver();
    const failed = await dns.lookupAddresses('servfail.example.test', 'A');
    expect(failed).toMatchObject({
      outcome: 'servfail',
      detail: expect.stringMatching(/SERVFAIL/),
    });
    const refused = await dns.lookupAddresses('refused.example.test', 'A');
    expect(refused.outcome).toBe('dns_refused');
  });

  it('a resolver with nothing listening gives resolver_unreachable, at once', async () => {
    const closed = createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const lookup = await resolver({
      servers: [{ address: '127.0.0.1', port }],
      timeoutMs: 10_000,
    }).lookupAddresses('v6.example.test', 'AAAA');
    expect(lookup).toMatchObject({ outcome: 'resolver_unreachable', addresses: [] });
    expect(lookup.elapsedMs).toBeLessThan(5_000);
  });

  it('a name that never answers gives timeout', async () => {
    const lookup = await resolver({ timeoutMs: 200 }).lookupAddresses('silent.example.test', 'A');
    expect(lookup).toMatchObject({ outcome: 'timeout', addresses: [] });
  });

  it('gets all addresses of an answer too big for UDP, over TCP', async () => {
    const lookup = await resolver().lookupAddresses('big.example.test', 'A');
    expect(lookup.outcome).toBe('ok');
    expect(lookup.addresses).toHaveLength(100);
  });

  it('a name DNS cannot carry gives dns_error without a query', async () => {
    const lookup = await resolver().lookupAddresses(`${'a'.repeat(64)}.example.test`, 'A');
    expect(lookup).toMatchObject({
      outcome: 'dns_error',
      detail: 'label longer than 63 characters',
    });
  });

  it('works through a resolver reached over ::1 (udp6)', async () => {
    const lookup = await resolver({ servers: [v6.endpoint] }).lookupAddresses(
      'v6.example.test',
      'AAAA',
    );
    expect(lookup).toMatchObject({ outcome: 'ok', resolver: `[::1]:${v6.endpoint.port}` });
  });

  it('tries the next resolver after SERVFAIL', async () => {
    const lookup = await resolver({ servers: [servfail.endpoint, v6.endpoint] }).lookupAddresses(
      'v6.example.test',
      'A',
    );
    expect(lookup).toMatchObject({ outcome: 'ok', resolver: `[::1]:${v6.endpoint.port}` });
  });

  it('concurrent lookups of the same name and type share one query', async () => {
    const dns = resolver();
    const before = count(v4, 'host.example.test', Packet.TYPE.A);
    const lookups = await Promise.all([
      dns.lookupAddresses('host.example.test', 'A'),
      dns.lookupAddresses('HOST.example.test', 'A'),
      dns.lookupAddresses('host.example.test.', 'A'),
    ]);
    expect(lookups.map((lookup) => lookup.outcome)).toEqual(['ok', 'ok', 'ok']);
    expect(count(v4, 'host.example.test', Packet.TYPE.A) - before).toBe(1);
  });

  it('asks again for a name pushed out of its bounded cache by newer names', async () => {
    const dns = resolver({ cacheEntries: 2 });
    const before = count(v4, 'host.example.test', Packet.TYPE.A);
    await dns.lookupAddresses('host.example.test', 'A');
    await dns.lookupAddresses('host.example.test', 'A');
    expect(count(v4, 'host.example.test', Packet.TYPE.A) - before).toBe(1);
    await dns.lookupAddresses('v6.example.test', 'A');
    await dns.lookupAddresses('v4only.example.test', 'A');
    await dns.lookupAddresses('host.example.test', 'A');
    expect(count(v4, 'host.example.test', Packet.TYPE.A) - before).toBe(2);
  });
});

describe('DnsResolver.findZone', () => {
  it('walks up to the nearest name with NS and asks each name server over IPv6', async () => {
    const before = v6.requests.length;
    const facts = await resolver().findZone('host.example.test');
    expect(facts).toMatchObject({ zone: 'example.test', outcome: 'ok' });
    expect(facts.nameServers.map((server) => server.name)).toEqual([
      'ns1.example.test',
      'ns2.example.test',
      'ns3.example.test',
    ]);
    const [ns1, ns2, ns3] = facts.nameServers;
    expect(ns1?.aaaa).toMatchObject({
      outcome: 'ok',
      addresses: [{ address: '::1', kind: 'loopback' }],
    });
    expect(ns1?.reach6).toEqual([
      { address: '::1', outcome: { ok: true, rcode: 'NOERROR', elapsedMs: expect.any(Number) } },
    ]);
    expect(ns2?.reach6).toHaveLength(1);
    expect(ns3?.aaaa.outcome).toBe('nodata');
    expect(ns3?.reach6).toEqual([]);
    // One SOA probe for ::1 (shared by ns1 and ns2), sent to the ::1 server without RD, with EDNS.
    const probes = v6.requests
      .slice(before)
      .filter((request) => request.type === Packet.TYPE.SOA && request.name === 'example.test');
    expect(probes).toEqual([
      {
        name: 'example.test',
        type: Packet.TYPE.SOA,
        transport: 'udp',
        recursive: false,
        udpPayloadSize: 1232,
      },
    ]);
  });

  it('walks up past names that do not exist', async () => {
    const facts = await resolver().findZone('a.b.nowhere.example.test');
    expect(facts.zone).toBe('example.test');
  });

  it('passes over a CNAME at the name instead of taking its target zone', async () => {
    const facts = await resolver().findZone('alias.example.test');
    expect(facts.zone).toBe('example.test');
  });

  it('finds a zone that is the name itself', async () => {
    const facts = await resolver().findZone('delegated.example.test');
    expect(facts).toMatchObject({ zone: 'delegated.example.test', outcome: 'ok' });
  });

  it('without allowPrivate a loopback name server address is not asked', async () => {
    const facts = await resolver({ allowPrivate: false }).findZone('example.test');
    expect(facts.nameServers[0]?.aaaa.addresses[0]?.kind).toBe('loopback');
    expect(facts.nameServers.flatMap((server) => server.reach6)).toEqual([]);
  });

  it('a name server that does not answer gives a timeout probe', async () => {
    const facts = await resolver({ timeoutMs: 200 }).findZone('www.mute.test');
    expect(facts.zone).toBe('mute.test');
    expect(facts.nameServers[0]?.reach6).toEqual([
      { address: '::1', outcome: { ok: false, error: 'timeout', elapsedMs: expect.any(Number) } },
    ]);
  });

  it('any response code counts as an answer from a name server', async () => {
    const facts = await resolver().findZone('refusing.test');
    expect(facts.nameServers[0]?.reach6[0]?.outcome).toMatchObject({ ok: true, rcode: 'REFUSED' });
  });

  it('no enclosing name with NS gives zone null and nodata', async () => {
    const facts = await resolver().findZone('nowhere.invalid');
    expect(facts).toMatchObject({ zone: null, outcome: 'nodata', nameServers: [] });
  });

  it('a timeout while walking up gives zone null and timeout', async () => {
    const facts = await resolver({ timeoutMs: 200 }).findZone('silent.example.test');
    expect(facts).toMatchObject({ zone: null, outcome: 'timeout', nameServers: [] });
  });

  it('sites in the same zone share its name server facts', async () => {
    const dns = resolver();
    const before = count(v6, 'example.test', Packet.TYPE.SOA);
    const [first, second] = await Promise.all([
      dns.findZone('v6.example.test'),
      dns.findZone('mixed.example.test'),
    ]);
    expect(first).toBe(second);
    expect(count(v6, 'example.test', Packet.TYPE.SOA) - before).toBe(1);
  });
});

describe('DnsResolver.lookupMx', () => {
  it('lists MX hosts by preference, each with its AAAA lookup', async () => {
    const facts = await resolver().lookupMx('mail.example.test');
    expect(facts).toMatchObject({ outcome: 'ok', nullMx: false });
    expect(facts.hosts.map((host) => [host.exchange, host.preference, host.aaaa.outcome])).toEqual([
      ['mx1.example.test', 10, 'ok'],
      ['mx2.example.test', 20, 'nodata'],
    ]);
    expect(facts.hosts[0]?.aaaa.addresses[0]).toMatchObject({
      address: '2606:4700::25',
      global: true,
    });
  });

  it('a single "." exchange is a null MX with no hosts', async () => {
    const facts = await resolver().lookupMx('nullmx.example.test');
    expect(facts).toEqual({ outcome: 'ok', nullMx: true, hosts: [] });
  });

  it('a name without MX gives nodata', async () => {
    const facts = await resolver().lookupMx('host.example.test');
    expect(facts).toEqual({ outcome: 'nodata', nullMx: false, hosts: [] });
  });

  it('a name that does not exist gives nxdomain', async () => {
    const facts = await resolver().lookupMx('nowhere.example.test');
    expect(facts).toMatchObject({ outcome: 'nxdomain', nullMx: false, hosts: [] });
  });
});

describe('DnsResolver', () => {
  it('refuses to start without a resolver', () => {
    expect(() => resolver({ servers: [] })).toThrow(/no resolver/);
  });
});
