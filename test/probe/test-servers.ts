/**
 * Servers for tests, on loopback only and on ephemeral ports: HTTP(S) with a handler (optionally
 * one per family on one shared port), raw TCP, a port that refuses, and a port that never
 * completes a connection. Every helper returns a `close()` for afterAll/afterEach.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type LoopbackHost = '127.0.0.1' | '::1';
export type LoopbackFamily = 4 | 6;

export const LOOPBACK: Record<LoopbackFamily, LoopbackHost> = { 4: '127.0.0.1', 6: '::1' };

export interface KeyPair {
  key: string;
  cert: string;
}

const tlsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/tls');
const pair = (name: string): KeyPair => ({
  key: readFileSync(path.join(tlsDir, `${name}.key`), 'utf8'),
  cert: readFileSync(path.join(tlsDir, `${name}.crt`), 'utf8'),
});

/**
 * fixtures/tls (made by make-certs.sh). `leaf` is valid for localhost, test.v6ready,
 * *.test.v6ready, lab.v6ready, *.lab.v6ready, 127.0.0.1 and ::1; `wrongName` only for
 * wrong.test.v6ready; `expired` ended in 2001; `selfSigned` has the right names but no CA.
 */
export const testTls = {
  caPem: readFileSync(path.join(tlsDir, 'ca.crt'), 'utf8'),
  leaf: pair('leaf'),
  wrongName: pair('wrong-name'),
  expired: pair('expired'),
  selfSigned: pair('self-signed'),
};

export interface TestServer {
  host: LoopbackHost;
  port: number;
  close(): Promise<void>;
}

export interface HttpServerOptions {
  handler: http.RequestListener;
  host?: LoopbackHost;
  /** 0 (default) for an ephemeral port. */
  port?: number;
  /** Serve HTTPS with this certificate. */
  tls?: KeyPair;
}

/** An HTTP(S) server on one loopback address. close() also ends keep-alive and stalled responses. */
export async function startHttpServer(options: HttpServerOptions): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, options.handler)
    : http.createServer(options.handler);
  const port = await listen(server, host, options.port ?? 0);
  return {
    host,
    port,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface DualStackOptions {
  /** Serves both families unless a family's own handler is given. */
  handler?: http.RequestListener;
  handler4?: http.RequestListener;
  handler6?: http.RequestListener;
  tls?: KeyPair;
}

export interface DualStackServer {
  /** The same port on 127.0.0.1 and ::1, so one URL works over either family. */
  port: number;
  /** `http(s)://hostname:port/path`. */
  url(hostname: string, path?: string): string;
  close(): Promise<void>;
}

/** One port on both loopback addresses, each family with its own handler if wanted. */
export async function startDualStackServer(options: DualStackOptions): Promise<DualStackServer> {
  const handlerFor = (family: LoopbackFamily): http.RequestListener => {
    const handler = (family === 4 ? options.handler4 : options.handler6) ?? options.handler;
    if (!handler) throw new Error(`no handler for IPv${family}`);
    return handler;
  };
  for (let attempt = 0; ; attempt++) {
    const v6 = await startHttpServer({ host: '::1', handler: handlerFor(6), tls: options.tls });
    try {
      const v4 = await startHttpServer({
        host: '127.0.0.1',
        port: v6.port,
        handler: handlerFor(4),
        tls: options.tls,
      });
      const scheme = options.tls ? 'https' : 'http';
      return {
        port: v6.port,
        url: (hostname, urlPath = '/') => `${scheme}://${hostname}:${v6.port}${urlPath}`,
        close: async () => {
          await Promise.all([v4.close(), v6.close()]);
        },
      };
    } catch (error) {
      // The port was free on ::1 but taken on 127.0.0.1: try another.
      await v6.close();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 10) throw error;
    }
  }
}

/** A raw TCP server: the test writes whatever bytes it wants (or none). */
export async function startTcpServer(
  onConnection: (socket: net.Socket) => void,
  host: LoopbackHost = '127.0.0.1',
): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  const port = await listen(server, host, 0);
  return {
    host,
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on which nothing listens (bound, then released): connecting is refused. */
export async function closedPort(host: LoopbackHost = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  const port = await listen(server, host, 0);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A port where connect() never completes, like a host that drops SYNs. A child process listens
 * with backlog 1 and then blocks, so it never accepts; once the kernel's accept queue holds
 * backlog+1 connections, further SYNs are dropped. The child exits by itself after lifetimeMs.
 */
export async function startBlackholePort(
  host: LoopbackHost = '127.0.0.1',
  lifetimeMs = 30_000,
): Promise<TestServer> {
  const script = `
    const net = require('node:net');
    const server = net.createServer();
    server.listen({ port: 0, host: process.argv[1], backlog: 1 }, () => {
      require('node:fs').writeSync(1, server.address().port + '\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
      process.exit(0);
    });`;
  const child = spawn(process.execPath, ['-e', script, host, String(lifetimeMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim())));
  });
  // Fill the accept queue (backlog 1 holds two on Linux); these connect at once.
  const fillers: net.Socket[] = [];
  for (let index = 0; index < 2; index++) {
    const socket = net.connect({ host, port });
    fillers.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
  }
  return {
    host,
    port,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
    },
  };
}

function listen(server: net.Server, host: LoopbackHost, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, ipv6Only: host === '::1' }, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}
