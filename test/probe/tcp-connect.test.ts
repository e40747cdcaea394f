import { afterEach, describe, expect, it } from 'vitest';
import { probeTcp } from '../../src/probe/tcp-connect.ts';
import {
  closedPort,
  LOOPBACK,
  startBlackholePort,
  startTcpServer,
  type TestServer,
} from './test-servers.ts';

const never = new AbortController().signal;
let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

describe('probeTcp', () => {
  for (const family of [4, 6] as const) {
    it(`an open port on IPv${family} connects and reports its family`, async () => {
      const server = await startTcpServer((socket) => socket.end(), LOOPBACK[family]);
      servers.push(server);
      const result = await probeTcp(LOOPBACK[family], server.port, {
        timeoutMs: 500,
        signal: never,
      });
      expect(result).toMatchObject({ address: LOOPBACK[family], family, port: server.port });
      expect(result.outcome.ok).toBe(true);
      if (result.outcome.ok) expect(result.outcome.connectMs).toBeLessThan(5000);
    });
  }

  it('a closed port gives refused', async () => {
    const port = await closedPort('::1');
    const result = await probeTcp('::1', port, { timeoutMs: 500, signal: never });
    expect(result.outcome).toMatchObject({ ok: false, error: 'refused' });
  });

  it('a port that never completes the handshake gives timeout after timeoutMs', async () => {
    const blackhole = await startBlackholePort('127.0.0.1');
    servers.push(blackhole);
    const startedAt = Date.now();
    const result = await probeTcp('127.0.0.1', blackhole.port, { timeoutMs: 300, signal: never });
    const elapsedMs = Date.now() - startedAt;
    expect(result.outcome).toMatchObject({ ok: false, error: 'timeout' });
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(4000);
  });

  it('an aborted site signal ends a pending connect at once with deadline', async () => {
    const blackhole = await startBlackholePort('::1');
    servers.push(blackhole);
    const site = new AbortController();
    const pending = probeTcp('::1', blackhole.port, { timeoutMs: 10_000, signal: site.signal });
    const startedAt = Date.now();
    site.abort();
    const result = await pending;
    expect(result.outcome).toMatchObject({ ok: false, error: 'deadline' });
    expect(Date.now() - startedAt).toBeLessThan(2000);
  });

  it('an already aborted site signal gives deadline', async () => {
    const server = await startTcpServer((socket) => socket.end());
    servers.push(server);
    const site = new AbortController();
    site.abort();
    const result = await probeTcp('127.0.0.1', server.port, {
      timeoutMs: 500,
      signal: site.signal,
    });
    expect(result.outcome).toMatchObject({ ok: false, error: 'deadline' });
  });
});
