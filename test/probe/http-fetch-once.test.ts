import type http from 'node:http';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { readFile } from 'node:fs/promises';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchOnce, type FetchOnceOptions } from '../../src/probe/http-fetch-once.ts';
import {
  closedPort,
  LOOPBACK,
  startDualStackServer,
  startHttpServer,
  startTcpServer,
  testTls,
  type DualStackServer,
  type TestServer,
} from './test-servers.ts';

const TIMEOUT_MS = 400;
const never = new AbortController().signal;
const options = (overrides: Partial<FetchOnceOptions> = {}): FetchOnceOptions => ({
  family: 4,
  timeoutMs: TIMEOUT_MS,
  maxBodyBytes: 1000,
  signal: never,
  userAgent: 'v6ready-test/1',
  extraCaPem: [testTls.caPem],
  ...overrides,
});

/** Echoes what the probe sent and how it arrived, one line each. */
const echo: http.RequestListener = (req, res) => {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('set-cookie', ['a=1; Path=/', 'b=2']);
  res.end(
    [
      `host=${req.headers.host}`,
      `family=${req.socket.remoteFamily}`,
      `servername=${(req.socket as TLSSocket).servername ?? ''}`,
      `user-agent=${req.headers['user-agent']}`,
      `cookie=${req.headers.cookie ?? ''}`,
      `path=${req.url}`,
    ].join('\n'),
  );
};

const servers: (TestServer | DualStackServer)[] = [];
let plain: DualStackServer;
let secure: DualStackServer;
beforeAll(async () => {
  plain = await startDualStackServer({ handler: echo });
  secure = await startDualStackServer({ handler: echo, tls: testTls.leaf });
  servers.push(plain, secure);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function serve(handler: http.RequestListener, tls?: typeof testTls.leaf): Promise<string> {
  const server = await startHttpServer({ handler, tls });
  servers.push(server);
  return `${tls ? 'https' : 'http'}://a.test.v6ready:${server.port}/`;
}

async function serveRaw(response: string | Buffer): Promise<string> {
  const server = await startTcpServer((socket) => {
    socket.once('data', () => socket.write(response));
  });
  servers.push(server);
  return `http://a.test.v6ready:${server.port}/`;
}

describe('fetchOnce over plain HTTP', () => {
  for (const family of [4, 6] as const) {
    it(`pins IPv${family} loopback while keeping the URL host in the Host header`, async () => {
      const url = new URL(plain.url('a.test.v6ready', '/page?x=1#frag'));
      const { hop, body } = await fetchOnce(url, LOOPBACK[family], options({ family }));
      const text = body.toString();
      expect(text).toContain(`host=a.test.v6ready:${plain.port}`);
      expect(text).toContain(`family=IPv${family}`);
      expect(text).toContain('user-agent=v6ready-test/1');
      expect(text).toContain('path=/page?x=1');
      expect(hop).toMatchObject({
        family,
        address: LOOPBACK[family],
        attempts: [{ address: LOOPBACK[family] }],
      });
      expect(hop.outcome).toMatchObject({ ok: true, status: 200, truncated: false });
      expect(hop.tls).toBeUndefined();
    });
  }

  it('records connect, time to headers and total time, and the cookies set', async () => {
    const result = await fetchOnce(new URL(plain.url('a.test.v6ready')), '::1', options());
    expect(result.connected).toBe(true);
    expect(result.setCookies).toEqual(['a=1; Path=/', 'b=2']);
    const timings = result.hop.outcome.timings;
    expect(timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(timings.tlsMs).toBeUndefined();
    expect(timings.ttfbMs).toBeGreaterThanOrEqual(0);
    // The phases do not overlap; totalMs is whole milliseconds.
    expect(timings.totalMs + 1).toBeGreaterThanOrEqual(
      (timings.connectMs ?? Infinity) + (timings.ttfbMs ?? Infinity),
    );
  });

  it('time to headers starts when the request is sent: it holds the server time', async () => {
    const SERVER_MS = 300;
    const url = await serve((_req, res) => {
      const timer = setTimeout(() => res.end('late'), SERVER_MS);
      res.on('close', () => clearTimeout(timer));
    });
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options({ timeoutMs: 5000 }));
    expect(hop.outcome).toMatchObject({ ok: true, status: 200 });
    expect(hop.outcome.timings.ttfbMs).toBeGreaterThanOrEqual(SERVER_MS);
  });

  it('sends the Cookie header it is given', async () => {
    const { body } = await fetchOnce(
      new URL(plain.url('a.test.v6ready')),
      '127.0.0.1',
      options({ cookieHeader: 'session=abc' }),
    );
    expect(body.toString()).toContain('cookie=session=abc');
  });

  it('a redirect records its resolved Location and its body is not read', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(302, { location: '../next?q=1' });
      res.end('x'.repeat(5000));
    });
    const { hop, body } = await fetchOnce(new URL('sub/page', url), '127.0.0.1', options());
    expect(hop.outcome).toMatchObject({
      ok: true,
      status: 302,
      location: new URL('/next?q=1', url).href,
      bodyBytes: 0,
    });
    expect(body.length).toBe(0);
  });

  it('a refused connection gives refused and says it never connected', async () => {
    const port = await closedPort('127.0.0.1');
    const result = await fetchOnce(
      new URL(`http://a.test.v6ready:${port}/`),
      '127.0.0.1',
      options(),
    );
    expect(result.connected).toBe(false);
    expect(result.hop.outcome).toMatchObject({ ok: false, error: 'refused' });
    expect(result.hop.attempts).toEqual([
      expect.objectContaining({ address: '127.0.0.1', error: 'refused' }),
    ]);
  });
});

describe('fetchOnce over HTTPS', () => {
  for (const family of [4, 6] as const) {
    it(`a certificate from the test CA for the name is valid over IPv${family}, with SNI`, async () => {
      const url = new URL(secure.url('www.test.v6ready'));
      const { hop, body } = await fetchOnce(url, LOOPBACK[family], options({ family }));
      expect(hop.outcome).toMatchObject({ ok: true, status: 200 });
      expect(body.toString()).toContain('servername=www.test.v6ready');
      expect(body.toString()).toContain(`host=www.test.v6ready:${secure.port}`);
      expect(hop.tls).toEqual({
        subject: 'O=v6ready tests, CN=localhost',
        issuer: 'O=v6ready tests, CN=v6ready Test CA',
        validFrom: '2024-01-01T00:00:00.000Z',
        validTo: '2124-01-01T00:00:00.000Z',
        subjectAltNames: expect.arrayContaining(['DNS:*.test.v6ready', 'IP Address:127.0.0.1']),
        valid: true,
      });
      const timings = hop.outcome.timings;
      expect(timings.connectMs).toBeGreaterThanOrEqual(0);
      expect(timings.tlsMs).toBeGreaterThanOrEqual(0);
    });
  }

  it('a slow TLS handshake counts as TLS time, not as time to headers', async () => {
    // A proxy that holds each connection this long before passing it to the HTTPS server: TCP
    // connects at once, the handshake waits.
    const HANDSHAKE_DELAY_MS = 1000;
    const proxy = await startTcpServer((client) => {
      const timer = setTimeout(() => {
        const upstream = net.connect(secure.port, '127.0.0.1');
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
      }, HANDSHAKE_DELAY_MS);
      client.on('close', () => clearTimeout(timer));
    });
    servers.push(proxy);
    const url = new URL(`https://www.test.v6ready:${proxy.port}/`);
    const { hop } = await fetchOnce(url, '127.0.0.1', options({ timeoutMs: 5000 }));
    expect(hop.outcome).toMatchObject({ ok: true, status: 200 });
    const { connectMs, tlsMs, ttfbMs, totalMs } = hop.outcome.timings;
    expect(tlsMs).toBeGreaterThanOrEqual(HANDSHAKE_DELAY_MS / 2);
    expect(ttfbMs).toBeLessThan(tlsMs ?? 0);
    expect(connectMs).toBeLessThan(tlsMs ?? 0);
    expect(totalMs + 1).toBeGreaterThanOrEqual((connectMs ?? 0) + (tlsMs ?? 0) + (ttfbMs ?? 0));
  });

  it('an IP-literal URL is checked against the IP addresses of the certificate', async () => {
    const url = new URL(`https://[::1]:${secure.port}/`);
    const { hop } = await fetchOnce(url, '::1', options({ family: 6 }));
    expect(hop.outcome).toMatchObject({ ok: true, status: 200 });
    expect(hop.tls?.valid).toBe(true);
  });

  it('without the test CA the same certificate is untrusted', async () => {
    const url = new URL(secure.url('www.test.v6ready'));
    const { hop } = await fetchOnce(url, '127.0.0.1', options({ extraCaPem: [] }));
    expect(hop.outcome).toMatchObject({ ok: false, error: 'tls_invalid' });
    expect(hop.tls).toMatchObject({
      valid: false,
      invalidReason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
  });

  it('a certificate for another name fails with tls_invalid and keeps the certificate facts', async () => {
    let requests = 0;
    const url = await serve(() => requests++, testTls.wrongName);
    const result = await fetchOnce(new URL(url), '127.0.0.1', options());
    expect(result.connected).toBe(true);
    expect(result.hop.outcome).toMatchObject({
      ok: false,
      error: 'tls_invalid',
      detail: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(result.hop.tls).toMatchObject({
      subject: 'O=v6ready tests, CN=wrong.test.v6ready',
      subjectAltNames: ['DNS:wrong.test.v6ready'],
      valid: false,
      invalidReason: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(requests).toBe(0);
  });

  it('an expired certificate fails with tls_invalid: CERT_HAS_EXPIRED', async () => {
    const url = await serve((_req, res) => res.end('ok'), testTls.expired);
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options());
    expect(hop.outcome).toMatchObject({ ok: false, error: 'tls_invalid' });
    expect(hop.tls).toMatchObject({
      validTo: '2001-01-01T00:00:00.000Z',
      valid: false,
      invalidReason: 'CERT_HAS_EXPIRED',
    });
  });

  it('a self-signed certificate fails with tls_invalid', async () => {
    const url = await serve((_req, res) => res.end('ok'), testTls.selfSigned);
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options());
    expect(hop.outcome).toMatchObject({ ok: false, error: 'tls_invalid' });
    expect(hop.tls).toMatchObject({ issuer: 'O=Nobody, CN=localhost', valid: false });
  });

  it('a server that does not speak TLS gives a TLS failure, not a certificate', async () => {
    const url = await serveRaw('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
    const { hop } = await fetchOnce(
      new URL(url.replace('http:', 'https:')),
      '127.0.0.1',
      options(),
    );
    expect(hop.outcome).toMatchObject({ ok: false, error: 'tls_error' });
    expect(hop.tls).toBeUndefined();
  });
});

describe('fetchOnce caps', () => {
  it('a body over the cap is truncated to exactly the cap, which is not a failure', async () => {
    const url = await serve((_req, res) => res.end('y'.repeat(5000)));
    const { hop, body } = await fetchOnce(
      new URL(url),
      '127.0.0.1',
      options({ maxBodyBytes: 1000 }),
    );
    expect(hop.outcome).toMatchObject({ ok: true, status: 200, bodyBytes: 1000, truncated: true });
    expect(body).toEqual(Buffer.from('y'.repeat(1000)));
  });

  it('a body of exactly the cap is whole, not truncated', async () => {
    const url = await serve((_req, res) => res.end('z'.repeat(1000)));
    const { hop, body } = await fetchOnce(
      new URL(url),
      '127.0.0.1',
      options({ maxBodyBytes: 1000 }),
    );
    expect(hop.outcome).toMatchObject({ ok: true, bodyBytes: 1000, truncated: false });
    expect(body.length).toBe(1000);
  });

  it('a gzip bomb is counted after decompression and stops at the cap quickly', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/html' });
      res.end(bomb);
    });
    const startedAt = Date.now();
    const { hop, body } = await fetchOnce(
      new URL(url),
      '127.0.0.1',
      options({ maxBodyBytes: 65_536 }),
    );
    expect(Date.now() - startedAt).toBeLessThan(3000);
    expect(hop.outcome).toMatchObject({ ok: true, bodyBytes: 65_536, truncated: true });
    expect(body).toEqual(Buffer.alloc(65_536));
  });

  const page = '<html>' + 'hello '.repeat(200) + '</html>';
  const encodings: [string, (input: Buffer) => Buffer][] = [
    ['gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['deflate', zlib.deflateRawSync],
    ['br', zlib.brotliCompressSync],
  ];
  for (const [coding, compress] of encodings) {
    it(`a ${coding} body (${compress.name}) is decoded`, async () => {
      const url = await serve((_req, res) => {
        res.writeHead(200, { 'content-encoding': coding });
        res.end(compress(Buffer.from(page)));
      });
      const { hop, body } = await fetchOnce(
        new URL(url),
        '127.0.0.1',
        options({ maxBodyBytes: 10_000 }),
      );
      expect(hop.outcome).toMatchObject({ ok: true, bodyBytes: page.length, truncated: false });
      expect(body.toString()).toBe(page);
    });
  }

  it('a body that does not decode as its Content-Encoding gives http_protocol', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end('this is not gzip at all');
    });
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options());
    expect(hop.outcome).toMatchObject({ ok: false, error: 'http_protocol', status: 200 });
  });

  it('response headers over 64 KiB give too_large', async () => {
    const url = await serveRaw(
      `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(70 * 1024)}\r\ncontent-length: 0\r\n\r\n`,
    );
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options());
    expect(hop.outcome).toMatchObject({ ok: false, error: 'too_large' });
  });

  it('response headers just under 64 KiB are accepted', async () => {
    const url = await serveRaw(
      `HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(60 * 1024)}\r\ncontent-length: 2\r\n\r\nok`,
    );
    const { hop, body } = await fetchOnce(new URL(url), '127.0.0.1', options());
    expect(hop.outcome).toMatchObject({ ok: true, status: 200 });
    expect(body.toString()).toBe('ok');
  });

  it('a malformed status line gives http_protocol', async () => {
    const url = await serveRaw('HTTP/1.1 two hundred\r\n\r\n');
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options());
    expect(hop.outcome).toMatchObject({ ok: false, error: 'http_protocol' });
  });
});

describe('fetchOnce never hangs', () => {
  it('a server that accepts and never answers gives timeout after timeoutMs', async () => {
    const server = await startTcpServer(() => {});
    servers.push(server);
    const startedAt = Date.now();
    const result = await fetchOnce(
      new URL(`http://a.test.v6ready:${server.port}/`),
      '127.0.0.1',
      options(),
    );
    const elapsedMs = Date.now() - startedAt;
    expect(result.connected).toBe(true);
    expect(result.hop.outcome).toMatchObject({ ok: false, error: 'timeout' });
    expect(elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + 2500);
  });

  it('a TLS server that never completes the handshake gives timeout', async () => {
    const server = await startTcpServer(() => {});
    servers.push(server);
    const result = await fetchOnce(
      new URL(`https://a.test.v6ready:${server.port}/`),
      '127.0.0.1',
      options(),
    );
    expect(result.hop.outcome).toMatchObject({ ok: false, error: 'timeout' });
  });

  it('headers then a stalled body give timeout within timeoutMs of the last byte', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html>partial');
    });
    const startedAt = Date.now();
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options());
    const elapsedMs = Date.now() - startedAt;
    expect(hop.outcome).toMatchObject({ ok: false, error: 'timeout', status: 200 });
    expect(hop.outcome.timings.ttfbMs).toBeDefined();
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + 2500);
  });

  it('a gzip body that stalls halfway gives timeout too', async () => {
    const compressed = zlib.gzipSync(Buffer.from('stalls '.repeat(10_000)));
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.write(compressed.subarray(0, compressed.length >> 1));
    });
    const startedAt = Date.now();
    const { hop } = await fetchOnce(
      new URL(url),
      '127.0.0.1',
      options({ maxBodyBytes: 1_000_000 }),
    );
    expect(hop.outcome).toMatchObject({ ok: false, error: 'timeout', status: 200 });
    expect(Date.now() - startedAt).toBeLessThan(TIMEOUT_MS + 2500);
  });

  it('a slow body that keeps arriving is not an idle timeout', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let sent = 0;
      // Gaps of 100 ms against a 1000 ms step timeout: a loaded machine may stretch a gap a lot
      // before it looks idle, and the whole body still takes longer than one timeout.
      const timer = setInterval(() => {
        res.write('.');
        if (++sent === 12) {
          clearInterval(timer);
          res.end();
        }
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
    const { hop, body } = await fetchOnce(new URL(url), '127.0.0.1', options({ timeoutMs: 1000 }));
    expect(hop.outcome).toMatchObject({ ok: true, status: 200 });
    expect(hop.outcome.timings.totalMs).toBeGreaterThan(1000);
    expect(body.toString()).toBe('.'.repeat(12));
  });

  it('the site signal aborted mid-body ends the request promptly with deadline', async () => {
    let headersSent!: () => void;
    const headersWereSent = new Promise<void>((resolve) => (headersSent = resolve));
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.write('start', () => headersSent());
    });
    const site = new AbortController();
    const pending = fetchOnce(
      new URL(url),
      '127.0.0.1',
      options({ timeoutMs: 10_000, signal: site.signal }),
    );
    await headersWereSent;
    const startedAt = Date.now();
    site.abort();
    const { hop } = await pending;
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(hop.outcome).toMatchObject({ ok: false, error: 'deadline' });
  });

  it('the site signal aborted while waiting for headers ends the request promptly', async () => {
    let connected!: () => void;
    const wasConnected = new Promise<void>((resolve) => (connected = resolve));
    const server = await startTcpServer(() => connected());
    servers.push(server);
    const site = new AbortController();
    const pending = fetchOnce(
      new URL(`http://a.test.v6ready:${server.port}/`),
      '127.0.0.1',
      options({ timeoutMs: 10_000, signal: site.signal }),
    );
    await wasConnected;
    const startedAt = Date.now();
    site.abort();
    const { hop } = await pending;
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(hop.outcome).toMatchObject({ ok: false, error: 'deadline' });
  });
});

const GZIP_3000_LAYERS = new URL('../../fixtures/bodies/gzip-3000-layers.bin', import.meta.url);

/** `body` under `layers` gzip codings, and the Content-Encoding header that says so. */
function stackedGzip(body: string, layers: number): { encoded: Buffer; header: string } {
  let encoded = Buffer.from(body);
  for (let layer = 0; layer < layers; layer++) encoded = zlib.gzipSync(encoded);
  return { encoded, header: Array<string>(layers).fill('gzip').join(', ') };
}

describe('stacked content codings', () => {
  it('five codings, as many as curl allows, still decode', async () => {
    const { encoded, header } = stackedGzip('five layers deep', 5);
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': header });
      res.end(encoded);
    });
    const { hop, body } = await fetchOnce(new URL(url), '127.0.0.1', options());
    expect(hop.outcome).toMatchObject({ ok: true, status: 200 });
    expect(body.toString()).toBe('five layers deep');
  });

  it('six codings are a protocol error, decided from the header before the body arrives', async () => {
    // The body never comes: only a decision made from the header ends this before the timeout.
    const url = await serveRaw(
      'HTTP/1.1 200 OK\r\ncontent-encoding: gzip, br, deflate, gzip, gzip, gzip\r\n' +
        'content-length: 100000\r\n\r\n',
    );
    const startedAt = performance.now();
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options({ timeoutMs: 5000 }));
    expect(hop.outcome).toMatchObject({ ok: false, error: 'http_protocol', status: 200 });
    expect(hop.outcome.ok ? '' : hop.outcome.detail).toContain('6 content codings, more than 5');
    expect(performance.now() - startedAt).toBeLessThan(4000);
  });

  it('codings on repeated Content-Encoding lines count together', async () => {
    const { encoded } = stackedGzip('x', 6);
    const url = await serveRaw(
      Buffer.concat([
        Buffer.from(
          `HTTP/1.1 200 OK\r\n${'content-encoding: gzip, gzip\r\n'.repeat(3)}` +
            `content-length: ${encoded.length}\r\n\r\n`,
        ),
        encoded,
      ]),
    );
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options());
    expect(hop.outcome).toMatchObject({ ok: false, error: 'http_protocol' });
  });

  it('3,000 gzip layers cost a protocol error within seconds, not a decoder each', async () => {
    const encoded = await readFile(GZIP_3000_LAYERS);
    const header = Array<string>(3000).fill('gzip').join(', ');
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': header });
      res.end(encoded);
    });
    const startedAt = performance.now();
    const { hop } = await fetchOnce(new URL(url), '127.0.0.1', options({ timeoutMs: 30_000 }));
    expect(hop.outcome).toMatchObject({ ok: false, error: 'http_protocol' });
    expect(hop.outcome.ok ? '' : hop.outcome.detail.length).toBeLessThan(200);
    expect(performance.now() - startedAt).toBeLessThan(3000);
  });
});
