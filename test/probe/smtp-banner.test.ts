import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

import { MAX_GREETING_BYTES, probeSmtpBanner } from '../../src/probe/smtp-banner.ts';

interface FakeSmtpServer {
  port: number;
  /** Everything the client sent on the first connection, once it closed. */
  clientSent: Promise<string>;
}

const servers: net.Server[] = [];
const serverSockets = new Set<net.Socket>();

afterEach(async () => {
  // Silent servers keep their sockets open; close() waits for them, so drop them first.
  for (const socket of serverSockets) socket.destroy();
  serverSockets.clear();
  await Promise.all(
    servers
      .splice(0)
      .map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

/** Listens on loopback, port 0; the server is closed after the test. */
async function listen(host: string, onConnection: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    serverSockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => serverSockets.delete(socket));
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return (server.address() as net.AddressInfo).port;
}

/**
 * A fake MX that sends its greeting in the given pieces (each written once the previous one has
 * left, so they tend to arrive apart) and answers QUIT with 221.
 */
async function startServer(host: string, greetingParts: string[]): Promise<FakeSmtpServer> {
  let reportClientSent: (text: string) => void = () => undefined;
  const clientSent = new Promise<string>((resolve) => (reportClientSent = resolve));
  const port = await listen(host, (socket) => {
    socket.setNoDelay(true);
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('QUIT\r\n')) socket.end('221 2.0.0 Bye\r\n');
    });
    socket.on('close', () => reportClientSent(text));
    const writeFrom = (index: number): void => {
      const part = greetingParts[index];
      if (part === undefined || socket.destroyed) return;
      socket.write(part, () => setImmediate(() => writeFrom(index + 1)));
    };
    writeFrom(0);
  });
  return { port, clientSent };
}

/** A port on which nothing listens: bound, then closed again. */
async function refusedPort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const options = (port: number, timeoutMs = 5000) => ({
  port,
  timeoutMs,
  signal: new AbortController().signal,
});

describe.each(['127.0.0.1', '::1'])('probeSmtpBanner on %s', (host) => {
  it('a multi-line 220 greeting passes, and the probe says QUIT and nothing else', async () => {
    const greeting =
      '220-mx.example.cn ESMTP ready\r\n220-no UCE\r\n220 mx.example.cn at your service\r\n';
    const server = await startServer(host, [greeting]);
    const result = await probeSmtpBanner('mx.example.cn', host, options(server.port));

    expect(result.exchange).toBe('mx.example.cn');
    expect(result.address).toBe(host);
    expect(result.outcome).toMatchObject({
      ok: true,
      banner: '220-mx.example.cn ESMTP ready\n220-no UCE\n220 mx.example.cn at your service',
    });
    expect(await server.clientSent).toBe('QUIT\r\n');
  });

  it('a greeting split across packets is read whole', async () => {
    const server = await startServer(host, ['220-first\r\n22', '0 done', '\r\n']);
    const result = await probeSmtpBanner('mx.example.cn', host, options(server.port));
    expect(result.outcome).toMatchObject({ ok: true, banner: '220-first\n220 done' });
    expect(await server.clientSent).toBe('QUIT\r\n');
  });

  it('a 554 greeting fails with smtp_banner and keeps the banner', async () => {
    const server = await startServer(host, ['554 5.7.1 No service for you\r\n']);
    const result = await probeSmtpBanner('mx.example.cn', host, options(server.port));

    expect(result.outcome).toMatchObject({
      ok: false,
      error: 'smtp_banner',
      banner: '554 5.7.1 No service for you',
    });
    expect(await server.clientSent).toBe('QUIT\r\n');
  });

  it('a server that never greets times out', async () => {
    const server = await startServer(host, []);
    const result = await probeSmtpBanner('mx.example.cn', host, options(server.port, 300));

    expect(result.outcome).toMatchObject({ ok: false, error: 'timeout' });
    expect(result.outcome.elapsedMs).toBeGreaterThanOrEqual(250);
  });

  it('a refused port gives refused', async () => {
    const port = await refusedPort(host);
    const result = await probeSmtpBanner('mx.example.cn', host, options(port));
    expect(result.outcome).toMatchObject({ ok: false, error: 'refused' });
  });

  it('a server that hangs up without a greeting fails with smtp_banner', async () => {
    const port = await listen(host, (socket) => socket.end());
    const result = await probeSmtpBanner('mx.example.cn', host, options(port));
    expect(result.outcome).toMatchObject({
      ok: false,
      error: 'smtp_banner',
      detail: 'connection closed before a greeting',
    });
  });

  it('reads no more than 4 KiB of an endless 220 greeting', async () => {
    const server = await startServer(host, ['220-padding padding padding\r\n'.repeat(400)]);
    const result = await probeSmtpBanner('mx.example.cn', host, options(server.port));
    expect(result.outcome.ok).toBe(true);
    if (result.outcome.ok)
      expect(result.outcome.banner.length).toBeLessThanOrEqual(MAX_GREETING_BYTES);
  });
});

describe('probeSmtpBanner and the site deadline', () => {
  it('an abort while waiting for the greeting gives deadline', async () => {
    const server = await startServer('127.0.0.1', []);
    const controller = new AbortController();
    const probe = probeSmtpBanner('mx.example.cn', '127.0.0.1', {
      port: server.port,
      timeoutMs: 30_000,
      signal: controller.signal,
    });
    controller.abort();
    const result = await probe;
    expect(result.outcome).toMatchObject({ ok: false, error: 'deadline' });
  });

  it('an expired deadline does not connect at all', async () => {
    const result = await probeSmtpBanner('mx.example.cn', '127.0.0.1', {
      port: 9,
      timeoutMs: 1000,
      signal: AbortSignal.abort(),
    });
    expect(result.outcome).toMatchObject({ ok: false, error: 'deadline', elapsedMs: 0 });
  });
});
