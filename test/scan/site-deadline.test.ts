/**
 * The site deadline holds whatever the garbage collector does: the real CLI runs in a child
 * that collects garbage every few milliseconds, against a resolver that never answers.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpServer, type TestServer } from '../probe/test-servers.ts';
import { childUsageEnv } from '../support/child-usage.ts';
import { startDualStackZoneServer, type ZoneServer } from '../support/zone-server.ts';
import { loopbackScanArgs, readReportJson, runCli } from './run-cli.ts';

let silentResolver: Socket;
let resolverPort: number;
let queriesSeen = 0;
let workDir: string;
let dripping: TestServer;
let zone: ZoneServer;
const drips = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-deadline-'));
  silentResolver = createSocket('udp4');
  silentResolver.on('message', () => queriesSeen++);
  await new Promise<void>((resolve) => silentResolver.bind(0, '127.0.0.1', resolve));
  resolverPort = silentResolver.address().port;
  // Headers at once, then one body byte every 50 ms for ever: each byte is progress, so only
  // the site deadline can end it.
  dripping = await startTcpServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n\r\n');
    const drip = setInterval(() => socket.write('a'), 50);
    drips.add(drip);
    socket.on('close', () => {
      clearInterval(drip);
      drips.delete(drip);
    });
  });
  zone = await startDualStackZoneServer({ 'drip.deadline.test': { A: ['127.0.0.1'] } });
});

afterAll(async () => {
  for (const drip of drips) clearInterval(drip);
  await Promise.all([dripping.close(), zone.close()]);
  silentResolver.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('site deadline under garbage collection', () => {
  it('every site ends by its deadline with deadline_hit, while gc runs every 100 ms', async () => {
    const sites = Array.from({ length: 120 }, (_, index) => `site${index}.deadline.test`);
    const out = path.join(workDir, 'gc');
    const startedAt = performance.now();
    const run = await runCli(
      [
        'scan',
        '--out',
        out,
        '--resolver',
        `127.0.0.1:${resolverPort}`,
        '--allow-private',
        // The vantage check needs an answer on each family; the sites' resolver gives none.
        '--vantage-probe',
        `127.0.0.1:${zone.port}`,
        '--vantage-probe',
        `[::1]:${zone.port}`,
        '--no-progress',
        '--depth',
        '0',
        '--concurrency',
        '40',
        '--timeout',
        '600000',
        '--site-timeout',
        '400',
        ...sites,
      ],
      { env: childUsageEnv(100) },
    );
    const elapsedMs = performance.now() - startedAt;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('--site-timeout 400 is below --timeout 600000');
    expect(queriesSeen).toBeGreaterThan(0);
    const report = await readReportJson(out);
    expect(report.sites).toHaveLength(sites.length);
    const late = report.sites.filter((site) => site.evidence?.deadline_hit !== true);
    expect(late.map((site) => site.host)).toEqual([]);
    // Three waves of 400 ms; a lost deadline would fall back to two 400 ms DNS timeouts.
    expect(elapsedMs).toBeLessThan(60_000);
  }, 90_000);

  it('a server dripping its body cannot hold the site past its deadline', async () => {
    const out = path.join(workDir, 'drip');
    const startedAt = performance.now();
    const run = await runCli(
      loopbackScanArgs(out, zone.port, [
        '--depth',
        '0',
        '--timeout',
        '1000',
        '--site-timeout',
        '1500',
        `http://drip.deadline.test:${dripping.port}/`,
      ]),
    );
    expect(run.code, run.stderr).toBe(0);
    const [site] = (await readReportJson(out)).sites;
    expect(site?.evidence?.deadline_hit).toBe(true);
    const evidence = site?.evidence;
    const siteMs = Date.parse(evidence?.finished_at ?? '') - Date.parse(evidence?.started_at ?? '');
    expect(siteMs).toBeGreaterThanOrEqual(1500);
    expect(siteMs).toBeLessThan(5000);
    expect(performance.now() - startedAt).toBeLessThan(30_000);
  }, 60_000);
});
