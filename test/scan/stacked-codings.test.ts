/**
 * A site that answers with 3,000 stacked gzip codings, scanned by the real CLI in a child whose
 * peak memory is measured: refused as a protocol error, in seconds, at no cost in memory.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDualStackServer, type DualStackServer } from '../probe/test-servers.ts';
import { childUsageEnv, peakRssBytes } from '../support/child-usage.ts';
import { startDualStackZoneServer, type ZoneServer } from '../support/zone-server.ts';
import { loopbackScanArgs, readReportJson, runCli } from './run-cli.ts';

const HOST = 'layers.test.v6ready';
const GZIP_3000_LAYERS = new URL('../../fixtures/bodies/gzip-3000-layers.bin', import.meta.url);

let web: DualStackServer;
let dns: ZoneServer;
let workDir: string;

beforeAll(async () => {
  const layers = await readFile(GZIP_3000_LAYERS);
  const header = Array<string>(3000).fill('gzip').join(', ');
  web = await startDualStackServer({
    handler: (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': header });
      response.end(layers);
    },
  });
  dns = await startDualStackZoneServer({ [HOST]: { A: ['127.0.0.1'], AAAA: ['::1'] } });
  workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-layers-'));
});

afterAll(async () => {
  await Promise.all([web?.close(), dns?.close()]);
  await rm(workDir, { recursive: true, force: true });
});

describe('stacked content codings, end to end', () => {
  it('3,000 gzip layers: http_protocol on both families within seconds, peak RSS bounded', async () => {
    const out = path.join(workDir, 'out');
    const run = await runCli(
      loopbackScanArgs(out, dns.port, ['--depth', '1', '--timeout', '20000', web.url(HOST)]),
      { env: childUsageEnv() },
    );
    expect(run.code, run.stderr).toBe(0);
    const [site] = (await readReportJson(out)).sites;
    const evidence = site?.evidence;
    expect(evidence?.http.v6?.outcome).toBe('http_protocol');
    expect(evidence?.http.v4?.outcome).toBe('http_protocol');
    const siteMs = Date.parse(evidence?.finished_at ?? '') - Date.parse(evidence?.started_at ?? '');
    // Without the cap: over 60 s and 378 MB (issue 10); with it, about a second.
    expect(siteMs).toBeLessThan(10_000);
    expect(peakRssBytes(run.stderr)).toBeLessThan(250 * 1024 * 1024);
  }, 90_000);
});
