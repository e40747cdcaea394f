import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/dns/classify-address.ts';
import { checkVantage, sourceCounts } from '../../src/vantage/check-vantage.ts';
import { startTestDnsServer, type TestDnsServer } from '../dns/test-dns-server.ts';

let server4: TestDnsServer;
let server6: TestDnsServer;

beforeAll(async () => {
  server4 = await startTestDnsServer('127.0.0.1', () => ({ answers: [] }));
  server6 = await startTestDnsServer('::1', () => ({ answers: [] }));
});

afterAll(async () => {
  await server4.close();
  await server6.close();
});

/** A UDP port on loopback that nothing listens on: the kernel answers port unreachable. */
async function closedUdpPort(host: '127.0.0.1' | '::1'): Promise<number> {
  const socket = createSocket(host === '::1' ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

describe('the vantage check', () => {
  it('with --allow-private, a loopback resolver that answers makes each family work', async () => {
    const vantage = await checkVantage({
      resolvers: [server4.endpoint, server6.endpoint],
      anchors: [],
      allowPrivate: true,
      timeoutMs: 2000,
    });
    expect(vantage.ipv6).toMatchObject({ working: true, source: '::1' });
    expect(vantage.ipv4).toMatchObject({ working: true, source: '127.0.0.1' });
    expect(vantage.ipv6.tried).toEqual([
      expect.objectContaining({
        target: `[::1]:${server6.endpoint.port}`,
        role: 'resolver',
        source_kind: 'loopback',
        answer: 'dns_response',
        error: null,
      }),
    ]);
    // The root's NS, without recursion: any name server can answer it.
    expect(server6.requests.map((request) => [request.name, request.recursive])).toContainEqual([
      '',
      false,
    ]);
  });

  it('without --allow-private a loopback source says nothing about the Internet', async () => {
    const requestsBefore = server6.requests.length;
    const vantage = await checkVantage({
      resolvers: [server6.endpoint],
      anchors: [],
      allowPrivate: false,
      timeoutMs: 2000,
    });
    expect(vantage.ipv6.working).toBe(false);
    expect(vantage.ipv6.tried[0]).toMatchObject({ source: '::1', error: 'non_global' });
    expect(vantage.ipv6.summary).toMatch(/no global IPv6 source address on this host \(only ::1/);
    // Nothing was asked from a source that does not count.
    expect(server6.requests.length).toBe(requestsBefore);
  });

  it('counts an ICMP port unreachable from an anchor as an answer over that family', async () => {
    const port = await closedUdpPort('::1');
    const vantage = await checkVantage({
      resolvers: [],
      anchors: [{ address: '::1', port }],
      allowPrivate: true,
      timeoutMs: 2000,
    });
    expect(vantage.ipv6.working).toBe(true);
    expect(vantage.ipv6.tried[0]).toMatchObject({ role: 'anchor', answer: 'port_unreachable' });
  });

  it('tries the anchors after the resolvers of a family, and a family with neither fails', async () => {
    const vantage = await checkVantage({
      resolvers: [server4.endpoint],
      anchors: [server6.endpoint],
      allowPrivate: true,
      timeoutMs: 2000,
    });
    expect(vantage.ipv6.tried.map((attempt) => attempt.role)).toEqual(['anchor']);
    expect(vantage.ipv6.working).toBe(true);

    const onlyIpv4 = await checkVantage({
      resolvers: [server4.endpoint],
      anchors: [],
      allowPrivate: true,
      timeoutMs: 2000,
    });
    expect(onlyIpv4.ipv6).toMatchObject({ working: false, tried: [] });
    expect(onlyIpv4.ipv6.summary).toMatch(/nothing to try/);
  });
});

describe('which source address counts for the vantage', () => {
  it.each([
    ['2a0d:6f0:1ab::2', true, 'a global IPv6 source'],
    ['fd00::2', false, 'IPv6 with only a unique-local address has no IPv6 Internet'],
    ['fe80::2', false, 'a link-local IPv6 source'],
    ['::1', false, 'IPv6 loopback'],
    ['11.66.255.2', true, 'a global IPv4 source'],
    ['10.1.0.5', true, 'IPv4 behind NAT (offices, CI runners)'],
    ['100.64.3.9', true, 'IPv4 behind carrier-grade NAT'],
    ['127.0.0.1', false, 'IPv4 loopback (a local stub resolver)'],
  ])('%s counts: %s (%s)', (address, counts) => {
    expect(sourceCounts(classifyAddress(address), false)).toBe(counts);
    expect(sourceCounts(classifyAddress(address), true)).toBe(true);
  });
});
