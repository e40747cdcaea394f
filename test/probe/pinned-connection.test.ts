import type http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchOnce, type FetchOnceOptions } from '../../src/probe/http-fetch-once.ts';
import { PinnedConnection, SiteConnections } from '../../src/probe/pinned-connection.ts';
import { socketBudget } from '../../src/net/socket-budget.ts';
import { startHttpServer, testTls, type TestServer } from './test-servers.ts';

const TIMEOUT_MS = 400;
const never = new AbortController().signal;

const servers: TestServer[] = [];
const pools: SiteConnections[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) pool.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server that counts the TCP connections its requests came on. */
async function countingServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, requestNumber: number) => void,
  tls?: typeof testTls.leaf,
): Promise<{ url: URL; sockets: Set<net.Socket> }> {
  const sockets = new Set<net.Socket>();
  let requests = 0;
  const server = await startHttpServer({
    handler: (req, res) => {
      sockets.add(req.socket);
      handler(req, res, ++requests);
    },
    ...(tls ? { tls } : {}),
  });
  servers.push(server);
  const scheme = tls ? 'https' : 'http';
  return { url: new URL(`${scheme}://site.test.v6ready:${server.port}/page`), sockets };
}

function sitePool(): SiteConnections {
  const pool = new SiteConnections({ timeoutMs: TIMEOUT_MS, extraCaPem: [testTls.caPem] });
  pools.push(pool);
  return pool;
}

const sampleOptions = (connections: SiteConnections): FetchOnceOptions => ({
  family: 4,
  timeoutMs: TIMEOUT_MS,
  maxBodyBytes: 0,
  discardBodyUpTo: 64 * 1024,
  connections,
  signal: never,
  userAgent: 'v6ready-test/1',
  extraCaPem: [testTls.caPem],
});

const page = (size: number): http.RequestListener => {
  return (_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('x'.repeat(size));
  };
};

describe("fetchOnce on a site's kept-alive connections", () => {
  it('sends requests one after another on one kept-alive connection, over https too', async () => {
    for (const tls of [undefined, testTls.leaf]) {
      const { url, sockets } = await countingServer(page(5000), tls);
      const connection = sitePool();
      const results = [];
      for (let i = 0; i < 3; i++)
        results.push(await fetchOnce(url, '127.0.0.1', sampleOptions(connection)));
      expect(results.map((result) => result.hop.outcome.ok)).toEqual([true, true, true]);
      expect(sockets.size).toBe(1);
      // Only the request that opened the connection has a connect (and handshake) time.
      const timings = results.map((result) => result.hop.outcome.timings);
      expect(timings.map((timing) => timing.connectMs !== undefined)).toEqual([true, false, false]);
      expect(timings.every((timing) => typeof timing.ttfbMs === 'number')).toBe(true);
      // A reused connection's certificate is the one its handshake showed.
      expect(results.map((result) => result.hop.tls?.valid)).toEqual(
        tls ? [true, true, true] : [undefined, undefined, undefined],
      );
    }
  });

  it('opens a new connection per request when the server closes each one', async () => {
    const { url, sockets } = await countingServer((_req, res) => {
      res.setHeader('connection', 'close');
      res.end('bye');
    });
    const connection = sitePool();
    for (let i = 0; i < 3; i++) {
      const result = await fetchOnce(url, '127.0.0.1', sampleOptions(connection));
      expect(result.hop.outcome.ok).toBe(true);
      expect(result.hop.outcome.timings.connectMs).toBeTypeOf('number');
    }
    expect(sockets.size).toBe(3);
  });

  it('sends once more on a new connection when the server dropped the kept-alive one', async () => {
    // Keeps the first connection open after its response, then closes it without an answer when
    // the next request comes: the race of a server's keep-alive timeout with our request.
    let firstSocket: net.Socket | undefined;
    let answeredOnFirst = 0;
    const { url, sockets } = await countingServer((req, res) => {
      firstSocket ??= req.socket;
      if (req.socket === firstSocket && answeredOnFirst++ > 0) {
        req.socket.destroy();
        return;
      }
      res.end('ok');
    });
    const connection = sitePool();
    const first = await fetchOnce(url, '127.0.0.1', sampleOptions(connection));
    expect(first.hop.outcome.ok).toBe(true);
    const second = await fetchOnce(url, '127.0.0.1', sampleOptions(connection));
    expect(second.hop.outcome).toMatchObject({ ok: true, status: 200 });
    expect(second.hop.outcome.timings.connectMs).toBeTypeOf('number');
    expect(sockets.size).toBe(2);
  });

  it('ends the connection after a body longer than it may discard', async () => {
    const { url, sockets } = await countingServer(page(200 * 1024));
    const connection = sitePool();
    for (let i = 0; i < 2; i++) {
      const result = await fetchOnce(url, '127.0.0.1', sampleOptions(connection));
      expect(result.hop.outcome.ok).toBe(true);
    }
    expect(sockets.size).toBe(2);
  });

  it('times out a request on a kept-alive connection, without a second try', async () => {
    const { url, sockets } = await countingServer((_req, res, requestNumber) => {
      // The second request never gets an answer.
      if (requestNumber === 1) res.end('ok');
    });
    const connection = sitePool();
    expect((await fetchOnce(url, '127.0.0.1', sampleOptions(connection))).hop.outcome.ok).toBe(
      true,
    );
    const stalled = await fetchOnce(url, '127.0.0.1', sampleOptions(connection));
    expect(stalled.hop.outcome).toMatchObject({ ok: false, error: 'timeout' });
    expect(sockets.size).toBe(1);
  });

  it('holds one socket slot per kept-alive connection and frees them on close', async () => {
    const { url } = await countingServer(page(10));
    const before = socketBudget.open;
    const connection = sitePool();
    await fetchOnce(url, '127.0.0.1', sampleOptions(connection));
    await fetchOnce(url, '127.0.0.1', sampleOptions(connection));
    expect(socketBudget.open).toBe(before + 1);
    connection.close();
    expect(socketBudget.open).toBe(before);
  });

  it('keeps connections apart by origin, and opens a new one when asked for a fresh one', async () => {
    const first = await countingServer(page(10));
    const second = await countingServer(page(10));
    const pool = sitePool();
    for (const { url } of [first, second, first, second]) {
      expect((await fetchOnce(url, '127.0.0.1', sampleOptions(pool))).hop.outcome.ok).toBe(true);
    }
    expect([first.sockets.size, second.sockets.size]).toEqual([1, 1]);
    // A fresh request does not take the idle connection, but leaves its own for the next one.
    const fresh = { ...sampleOptions(pool), freshConnection: true };
    const opened = await fetchOnce(first.url, '127.0.0.1', fresh);
    expect(opened.hop.outcome.timings.connectMs).toBeTypeOf('number');
    expect(first.sockets.size).toBe(2);
    await fetchOnce(first.url, '127.0.0.1', sampleOptions(pool));
    await fetchOnce(first.url, '127.0.0.1', sampleOptions(pool));
    expect(first.sockets.size).toBe(2);
  });
});

describe('PinnedConnection.cut', () => {
  it('cut before the connection has a socket: its request fails at once, no connection is made', async () => {
    const { url, sockets } = await countingServer(page(10));
    const connection = new PinnedConnection(url.origin, '127.0.0.1', { timeoutMs: 60_000 });
    const client = await connection.open(never);
    if (!client) throw new Error('no client');
    expect(connection.hasOpenSocket()).toBe(false);
    connection.cut();
    await expect(client.request({ path: '/page', method: 'GET' })).rejects.toThrow();
    connection.close();
    expect(sockets.size).toBe(0);
  });
});

describe('fetchOnce without a shared connection', () => {
  it('opens a fresh connection every time and keeps no slot', async () => {
    const { url, sockets } = await countingServer(page(100));
    const before = socketBudget.open;
    const options = { ...sampleOptions(sitePool()), maxBodyBytes: 1000 };
    delete options.connections;
    delete options.discardBodyUpTo;
    for (let i = 0; i < 3; i++) {
      const result = await fetchOnce(url, '127.0.0.1', options);
      expect(result.body.toString()).toBe('x'.repeat(100));
    }
    expect(sockets.size).toBe(3);
    expect(socketBudget.open).toBe(before);
  });
});
