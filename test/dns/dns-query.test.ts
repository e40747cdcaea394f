import { createSocket } from 'node:dgram';
import { Packet } from 'dns2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryResolvers, queryServer } from '../../src/dns/dns-query.ts';
import { startTestDnsServer } from './test-dns-server.ts';
import type { TestDnsServer } from './test-dns-server.ts';
import { failingHandler, RCODE, zoneHandler } from './test-zone.ts';

const OPTIONS = { timeoutMs: 2000, retries: 1 };
const QUICK = { timeoutMs: 200, retries: 1 };

let v4: TestDnsServer;
let v6: TestDnsServer;
let udpOnly: TestDnsServer;
let servfail: TestDnsServer;
let silent: TestDnsServer;
let noEdns: TestDnsServer;

const FORMERR = 1;

beforeAll(async () => {
  v4 = await startTestDnsServer('127.0.0.1', zoneHandler);
  v6 = await startTestDnsServer('::1', zoneHandler);
  udpOnly = await startTestDnsServer('127.0.0.1', zoneHandler, { tcp: false });
  servfail = await startTestDnsServer('127.0.0.1', failingHandler({ rcode: RCODE.SERVFAIL }));
  silent = await startTestDnsServer('127.0.0.1', failingHandler('silent'));
  // An old server: FORMERR (and no OPT back) for any query that carries an OPT record.
  noEdns = await startTestDnsServer('127.0.0.1', (question) =>
    question.udpPayloadSize === null ? zoneHandler(question) : { rcode: FORMERR },
  );
});

afterAll(async () => {
  await Promise.all([v4, v6, udpOnly, servfail, silent, noEdns].map((server) => server?.close()));
});

function requestsFor(server: TestDnsServer, name: string) {
  return server.requests.filter((request) => request.name === name);
}

describe('queryServer', () => {
  it('a server whose UDP port is closed fails at once with refused, not after the timeout', async () => {
    const closed = createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = await queryServer({ address: '127.0.0.1', port }, 'v4.example.test', 'A', {
      timeoutMs: 10_000,
      retries: 1,
    });
    expect(outcome).toMatchObject({ ok: false, error: 'refused' });
    expect(outcome.elapsedMs).toBeLessThan(5_000);
  });

  it('returns the answer records of a UDP answer, names in lower case', async () => {
    const outcome = await queryServer(v4.endpoint, 'V6.Example.Test', 'AAAA', OPTIONS);
    expect(outcome).toMatchObject({
      ok: true,
      rcode: 'NOERROR',
      transport: 'udp',
      truncated: false,
      server: `127.0.0.1:${v4.endpoint.port}`,
      answers: [{ type: 'AAAA', name: 'v6.example.test', ttl: 60, address: '2606:2800:220:1::1' }],
    });
  });

  it('asks a server on ::1 over udp6', async () => {
    const outcome = await queryServer(v6.endpoint, 'v6.example.test', 'A', OPTIONS);
    expect(outcome).toMatchObject({ ok: true, server: `[::1]:${v6.endpoint.port}` });
    expect(requestsFor(v6, 'v6.example.test')).toContainEqual(
      expect.objectContaining({ transport: 'udp', type: Packet.TYPE.A }),
    );
  });

  it('accepts an IPv6 server address in any spelling', async () => {
    const longForm = { address: '0:0:0:0:0:0:0:1', port: v6.endpoint.port };
    const outcome = await queryServer(longForm, 'v6.example.test', 'A', QUICK);
    expect(outcome).toMatchObject({ ok: true, rcode: 'NOERROR' });
  });

  it('reports NXDOMAIN, SERVFAIL and REFUSED by their rcode names', async () => {
    const names = ['nowhere.example.test', 'servfail.example.test', 'refused.example.test'];
    const rcodes = await Promise.all(
      names.map(async (name) => {
        const outcome = await queryServer(v4.endpoint, name, 'A', OPTIONS);
        return outcome.ok ? outcome.rcode : outcome.error;
      }),
    );
    expect(rcodes).toEqual(['NXDOMAIN', 'SERVFAIL', 'REFUSED']);
  });

  it('asks over TCP when the UDP answer is truncated, and gets every record', async () => {
    const outcome = await queryServer(v4.endpoint, 'big.example.test', 'A', OPTIONS);
    expect(outcome).toMatchObject({ ok: true, transport: 'tcp', truncated: false });
    expect(outcome.ok && outcome.answers).toHaveLength(100);
    expect(requestsFor(v4, 'big.example.test').map((request) => request.transport)).toEqual([
      'udp',
      'tcp',
    ]);
  });

  it('asks over TCP to an IPv6 server too (which the TCP client of dns2 cannot)', async () => {
    const outcome = await queryServer(v6.endpoint, 'big.example.test', 'A', OPTIONS);
    expect(outcome).toMatchObject({ ok: true, transport: 'tcp' });
    expect(outcome.ok && outcome.answers).toHaveLength(100);
  });

  it('keeps the truncated UDP answer when told not to use TCP', async () => {
    const outcome = await queryServer(v4.endpoint, 'big.example.test', 'A', {
      ...OPTIONS,
      tcpOnTruncation: false,
    });
    expect(outcome).toMatchObject({ ok: true, transport: 'udp', truncated: true, answers: [] });
  });

  it('fails with the TCP error when the answer is truncated and TCP is refused', async () => {
    const outcome = await queryServer(udpOnly.endpoint, 'big.example.test', 'A', OPTIONS);
    expect(outcome).toMatchObject({ ok: false, error: 'refused' });
    expect(!outcome.ok && outcome.detail).toMatch(
      /^UDP answer truncated, TCP failed: .*ECONNREFUSED/,
    );
  });

  it('times out on a silent server after one retry', async () => {
    const before = silent.requests.length;
    const outcome = await queryServer(silent.endpoint, 'v6.example.test', 'A', QUICK);
    expect(outcome).toMatchObject({ ok: false, error: 'timeout' });
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(2 * QUICK.timeoutMs - 20);
    expect(silent.requests.length - before).toBe(2);
  });

  it('sends the RD bit only when asked to recurse', async () => {
    await queryServer(v6.endpoint, 'example.test', 'SOA', { ...OPTIONS, recursive: false });
    await queryServer(v6.endpoint, 'example.test', 'NS', OPTIONS);
    const seen = requestsFor(v6, 'example.test').map((request) => [
      request.type,
      request.recursive,
    ]);
    expect(seen).toEqual([
      [Packet.TYPE.SOA, false],
      [Packet.TYPE.NS, true],
    ]);
  });
});

describe('queryServer with EDNS0', () => {
  it('offers a UDP payload size of 1232 in an OPT record', async () => {
    await queryServer(v4.endpoint, 'host.example.test', 'A', OPTIONS);
    expect(requestsFor(v4, 'host.example.test')).toEqual([
      expect.objectContaining({ transport: 'udp', udpPayloadSize: 1232 }),
    ]);
  });

  it('gets an answer over 512 bytes (40 AAAA, about 1.1 kB) over UDP, without TCP', async () => {
    const outcome = await queryServer(v4.endpoint, 'wide6.example.test', 'AAAA', OPTIONS);
    expect(outcome).toMatchObject({ ok: true, transport: 'udp', truncated: false });
    expect(outcome.ok && outcome.answers).toHaveLength(40);
    expect(requestsFor(v4, 'wide6.example.test').map((request) => request.transport)).toEqual([
      'udp',
    ]);
  });

  it('does the same with a server on ::1', async () => {
    const outcome = await queryServer(v6.endpoint, 'wide6.example.test', 'AAAA', OPTIONS);
    expect(outcome).toMatchObject({
      ok: true,
      transport: 'udp',
      server: `[::1]:${v6.endpoint.port}`,
    });
    expect(outcome.ok && outcome.answers).toHaveLength(40);
    expect(requestsFor(v6, 'wide6.example.test')).toEqual([
      expect.objectContaining({ transport: 'udp', udpPayloadSize: 1232 }),
    ]);
  });

  it('still asks over TCP when the answer is over 1232 bytes (60 AAAA)', async () => {
    const outcome = await queryServer(v4.endpoint, 'huge6.example.test', 'AAAA', OPTIONS);
    expect(outcome).toMatchObject({ ok: true, transport: 'tcp', truncated: false });
    expect(outcome.ok && outcome.answers).toHaveLength(60);
    expect(
      requestsFor(v4, 'huge6.example.test').map((request) => [
        request.transport,
        request.udpPayloadSize,
      ]),
    ).toEqual([
      ['udp', 1232],
      ['tcp', 1232],
    ]);
  });

  it('asks a server that rejects EDNS (FORMERR) again without it', async () => {
    const outcome = await queryServer(noEdns.endpoint, 'v6.example.test', 'AAAA', OPTIONS);
    expect(outcome).toMatchObject({
      ok: true,
      rcode: 'NOERROR',
      answers: [{ type: 'AAAA', address: '2606:2800:220:1::1' }],
    });
    expect(requestsFor(noEdns, 'v6.example.test').map((request) => request.udpPayloadSize)).toEqual(
      [1232, null],
    );
  });

  it('reports FORMERR when the query without EDNS gets FORMERR too', async () => {
    const formerr = await startTestDnsServer('127.0.0.1', failingHandler({ rcode: FORMERR }));
    try {
      const outcome = await queryServer(formerr.endpoint, 'v6.example.test', 'A', OPTIONS);
      expect(outcome).toMatchObject({ ok: true, rcode: 'FORMERR' });
      expect(formerr.requests.map((request) => request.udpPayloadSize)).toEqual([1232, null]);
    } finally {
      await formerr.close();
    }
  });
});

/** Sockets (UDP and TCP) of this process that are open, or closing but not yet freed. */
function openSockets(): number {
  return process
    .getActiveResourcesInfo()
    .filter((resource) => resource === 'UDPWrap' || resource === 'TCPWrap').length;
}

/** libuv frees a closed handle in the close phase, which follows the check phase of setImmediate. */
async function afterPendingCloses(): Promise<number> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  return openSockets();
}

describe('queryServer socket lifetime', () => {
  it('leaves no socket open after many queries: answers, timeouts, TCP fallbacks, refusals', async () => {
    const before = await afterPendingCloses();
    const quick = { timeoutMs: 50, retries: 1 };
    const outcomes = await Promise.all([
      ...Array.from({ length: 30 }, (_, index) =>
        queryServer(index % 2 ? v4.endpoint : v6.endpoint, 'v6.example.test', 'AAAA', OPTIONS),
      ),
      ...Array.from({ length: 5 }, () =>
        queryServer(v4.endpoint, 'huge6.example.test', 'AAAA', OPTIONS),
      ),
      ...Array.from({ length: 5 }, () =>
        queryServer(silent.endpoint, 'x.example.test', 'A', quick),
      ),
      ...Array.from({ length: 5 }, () =>
        queryServer(udpOnly.endpoint, 'big.example.test', 'A', OPTIONS),
      ),
    ]);
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.transport : outcome.error))).toEqual([
      ...Array<string>(30).fill('udp'),
      ...Array<string>(5).fill('tcp'),
      ...Array<string>(5).fill('timeout'),
      ...Array<string>(5).fill('refused'),
    ]);
    expect(await afterPendingCloses()).toBe(before);
  });

  it('counts the socket of a pending query, so the check above can see a leak', async () => {
    const before = await afterPendingCloses();
    const pending = queryServer(silent.endpoint, 'x.example.test', 'A', QUICK);
    expect(openSockets()).toBe(before + 1);
    await pending;
    expect(await afterPendingCloses()).toBe(before);
  });

  it('an abort ends a pending query at once, as a timeout, and closes its socket', async () => {
    const before = await afterPendingCloses();
    const controller = new AbortController();
    const pending = queryServer(silent.endpoint, 'x.example.test', 'A', {
      timeoutMs: 10_000,
      retries: 3,
      signal: controller.signal,
    });
    expect(openSockets()).toBe(before + 1);
    controller.abort();
    const outcome = await pending;
    expect(outcome).toMatchObject({
      ok: false,
      error: 'timeout',
      detail: 'ABORT_ERR: query aborted',
    });
    expect(outcome.elapsedMs).toBeLessThan(1000);
    expect(await afterPendingCloses()).toBe(before);
  });

  it('an already aborted signal sends nothing', async () => {
    const sent = silent.requests.length;
    const outcome = await queryServer(silent.endpoint, 'x.example.test', 'A', {
      ...OPTIONS,
      signal: AbortSignal.abort(),
    });
    expect(outcome).toMatchObject({ ok: false, error: 'timeout' });
    expect(silent.requests.length).toBe(sent);
  });
});

describe('queryResolvers', () => {
  it('moves on from a server that times out to the next one', async () => {
    const outcome = await queryResolvers(
      [silent.endpoint, v4.endpoint],
      'v6.example.test',
      'AAAA',
      QUICK,
    );
    expect(outcome).toMatchObject({
      ok: true,
      rcode: 'NOERROR',
      server: `127.0.0.1:${v4.endpoint.port}`,
    });
  });

  it('moves on from SERVFAIL to the next server', async () => {
    const outcome = await queryResolvers(
      [servfail.endpoint, v6.endpoint],
      'v6.example.test',
      'A',
      OPTIONS,
    );
    expect(outcome).toMatchObject({
      ok: true,
      rcode: 'NOERROR',
      server: `[::1]:${v6.endpoint.port}`,
    });
  });

  it('does not move on from NXDOMAIN: it is an answer', async () => {
    const outcome = await queryResolvers(
      [v4.endpoint, v6.endpoint],
      'nowhere2.example.test',
      'A',
      OPTIONS,
    );
    expect(outcome).toMatchObject({ ok: true, rcode: 'NXDOMAIN' });
    expect(requestsFor(v6, 'nowhere2.example.test')).toEqual([]);
  });

  it('prefers an answer (SERVFAIL) to a silence when no server helps', async () => {
    const outcome = await queryResolvers(
      [silent.endpoint, servfail.endpoint],
      'x.example.test',
      'A',
      QUICK,
    );
    expect(outcome).toMatchObject({ ok: true, rcode: 'SERVFAIL' });
  });

  it('reports the timeout when every server is silent', async () => {
    const outcome = await queryResolvers([silent.endpoint], 'x.example.test', 'A', QUICK);
    expect(outcome).toMatchObject({ ok: false, error: 'timeout' });
  });
});
