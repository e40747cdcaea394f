/**
 * Operations through the real CLI on loopback: a hostile server costs at most the site
 * deadline, shards split and merge back into one report, and diff and --baseline see a site
 * that got worse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDualStackServer, type DualStackServer } from '../probe/test-servers.ts';
import { startDualStackZoneServer, type Zone, type ZoneServer } from '../support/zone-server.ts';
import {
  BIN,
  TEST_CA,
  loopbackScanArgs,
  readReportCsv,
  readReportJson,
  runCli,
} from './run-cli.ts';

const DUAL = { A: ['127.0.0.1'], AAAA: ['::1'] };
const PAGE = `<!doctype html><html><body><h1>门户</h1>${'<p>政务公开 办事服务</p>'.repeat(50)}</body></html>`;

let web: DualStackServer;
let dns: ZoneServer;
let workDir: string;
/** Sites that answer 503 over IPv6 from now on (for the baseline test). */
const brokenOnV6 = new Set<string>();

function handlerFor(family: 4 | 6) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (host === 'trickle.ops.v6ready') {
      // Headers at once, then one byte every 200 ms: no single step times out, the site must.
      response.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => response.write('.'), 200);
      response.on('close', () => clearInterval(timer));
      return;
    }
    if (family === 6 && brokenOnV6.has(host)) {
      response.writeHead(503);
      return void response.end();
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(PAGE);
  };
}

const SITE_NAMES = Array.from({ length: 12 }, (_, i) => `site${i}.ops.v6ready`);

beforeAll(async () => {
  web = await startDualStackServer({ handler4: handlerFor(4), handler6: handlerFor(6) });
  const zone: Zone = {
    'ops.v6ready': { NS: ['ns.ops.v6ready'] },
    'ns.ops.v6ready': DUAL,
    'trickle.ops.v6ready': DUAL,
  };
  for (const name of SITE_NAMES) zone[name] = DUAL;
  dns = await startDualStackZoneServer(zone);
  workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-ops-'));
});

afterAll(async () => {
  await Promise.all([web?.close(), dns?.close()]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function scanArgs(outDir: string, extra: string[]): string[] {
  return loopbackScanArgs(outDir, dns.port, ['--depth', '0', '--timeout', '1000', ...extra]);
}

describe('a hostile server', () => {
  it('a server that trickles its body costs the site deadline, not the scan', async () => {
    const outDir = path.join(workDir, 'trickle');
    const startedMs = Date.now();
    const run = await runCli(
      scanArgs(outDir, [
        '--site-timeout',
        '2000',
        web.url('trickle.ops.v6ready'),
        web.url('site0.ops.v6ready'),
      ]),
    );
    const elapsedMs = Date.now() - startedMs;
    expect(run.code).toBe(0);
    // Generous: process start-up and a loaded CI machine, but far below a hang.
    expect(elapsedMs).toBeLessThan(15_000);
    const report = await readReportJson(outDir);
    const [trickle, healthy] = report.sites;
    expect(trickle!.reasons.join(' ')).toMatch(/deadline/);
    expect(trickle!.verdict).not.toBe('compliant');
    expect(healthy!.verdict).toBe('compliant');
  });
});

/**
 * Starts a scan of a fast site and the trickling one in its own process group, and calls
 * `interrupt` once the fast site is done while the trickling one is still in flight, and
 * `again` (if given) once the scan has said it was interrupted.
 */
async function interruptedScan(
  outDir: string,
  targets: string[],
  interrupt: (child: ChildProcess) => void,
  again?: (child: ChildProcess) => void,
): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [BIN, ...scanArgs(outDir, ['--site-timeout', '5000', '--log-level', 'debug', ...targets])],
    {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: TEST_CA },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  let stderr = '';
  let interrupted = false;
  let secondSent = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.includes('site done') && !interrupted) {
      interrupted = true;
      interrupt(child);
    }
    if (again && stderr.includes('interrupted:') && !secondSent) {
      secondSent = true;
      again(child);
    }
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return code;
}

describe('an interrupted scan', { timeout: 120_000 }, () => {
  const targets = () => [web.url('site2.ops.v6ready'), web.url('trickle.ops.v6ready')];

  it('SIGINT writes the reports with the finished sites, says they are partial, exits 130, and --resume finishes the rest', async () => {
    const outDir = path.join(workDir, 'interrupted');
    const code = await interruptedScan(outDir, targets(), (child) => child.kill('SIGINT'));
    expect(code).toBe(130);
    const report = await readReportJson(outDir);
    expect(report.sites.map((site) => site.host)).toEqual(['site2.ops.v6ready']);
    expect(report).toMatchObject({ complete: false, sites_done: 1, sites_total: 2 });

    const resumed = await runCli(
      scanArgs(outDir, ['--resume', '--site-timeout', '5000', ...targets()]),
    );
    expect(resumed.code).toBe(0);
    const finished = await readReportJson(outDir);
    expect(finished.sites.map((site) => site.host)).toEqual([
      'site2.ops.v6ready',
      'trickle.ops.v6ready',
    ]);
    expect(finished).toMatchObject({ complete: true, sites_done: 2, sites_total: 2 });
  });

  it('two quick SIGINTs to the whole process group still leave valid reports and exit 130', async () => {
    const outDir = path.join(workDir, 'interrupted-twice');
    // As a terminal or a `timeout` wrapper does: the signal goes to the whole group, and the
    // second comes while the first is being handled.
    const toGroup = (child: ChildProcess): void => {
      process.kill(-(child.pid as number), 'SIGINT');
    };
    const code = await interruptedScan(outDir, targets(), toGroup, toGroup);
    expect(code).toBe(130);
    const report = await readReportJson(outDir);
    expect(report).toMatchObject({ complete: false, sites_done: 1, sites_total: 2 });
    expect((await readReportCsv(outDir)).map((row) => row.host)).toEqual(['site2.ops.v6ready']);
  });
});

describe('shards, merge, diff and --baseline', () => {
  const targets = () => SITE_NAMES.map((name) => web.url(name));
  let inputFile: string;

  beforeAll(async () => {
    inputFile = path.join(workDir, 'sites.txt');
    await writeFile(inputFile, `${targets().join('\n')}\n`);
  });

  it('two shards split the input disjointly and merge back in input order', async () => {
    const shardDirs = [path.join(workDir, 'shard-0'), path.join(workDir, 'shard-1')];
    const runs = await Promise.all([
      runCli(scanArgs(shardDirs[0]!, ['--input', inputFile, '--shard', '0/2'])),
      runCli(scanArgs(shardDirs[1]!, ['--input', inputFile, '--shard', '1/2'])),
    ]);
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    const shardTargets = await Promise.all(
      shardDirs.map(async (dir) => (await readReportJson(dir)).sites.map((s) => s.target)),
    );
    expect(shardTargets[0]!.length).toBeGreaterThan(0);
    expect(shardTargets[1]!.length).toBeGreaterThan(0);
    expect(shardTargets[0]!.filter((t) => shardTargets[1]!.includes(t))).toEqual([]);

    const mergedDir = path.join(workDir, 'merged');
    const merge = await runCli(['merge', ...shardDirs, '--out', mergedDir]);
    expect(merge.code).toBe(0);
    const merged = await readReportJson(mergedDir);
    expect(merged.sites.map((s) => s.target)).toEqual(targets());
    expect(merged.summary.by_verdict.compliant).toBe(SITE_NAMES.length);
    expect((await readReportCsv(mergedDir)).map((row) => row.target)).toEqual(targets());
  });

  it('--shard /N takes K from JOB_COMPLETION_INDEX, and a bad shard is a usage error', async () => {
    const explicitDir = path.join(workDir, 'explicit-1');
    const indexedDir = path.join(workDir, 'indexed-1');
    await runCli(scanArgs(explicitDir, ['--input', inputFile, '--shard', '1/3']));
    const indexed = await runCli(scanArgs(indexedDir, ['--input', inputFile, '--shard', '/3']), {
      env: { JOB_COMPLETION_INDEX: '1' },
    });
    expect(indexed.code).toBe(0);
    const explicitTargets = (await readReportJson(explicitDir)).sites.map((s) => s.target);
    expect((await readReportJson(indexedDir)).sites.map((s) => s.target)).toEqual(explicitTargets);

    const bad = await runCli(
      scanArgs(path.join(workDir, 'bad-shard'), ['--shard', '2/2', 'x.ops.v6ready']),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/shard/i);
  });

  it('diff lists a site that got worse and --baseline exits 3 for it', async () => {
    const before = path.join(workDir, 'before');
    const after = path.join(workDir, 'after');
    const sites = [web.url('site0.ops.v6ready'), web.url('site1.ops.v6ready')];
    expect((await runCli(scanArgs(before, sites))).code).toBe(0);
    brokenOnV6.add('site1.ops.v6ready');
    try {
      const gated = await runCli(
        scanArgs(after, ['--baseline', path.join(before, 'report.json'), ...sites]),
      );
      expect(gated.code).toBe(3);
    } finally {
      brokenOnV6.delete('site1.ops.v6ready');
    }
    const diff = await runCli(['diff', before, after]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/worse\s+compliant\s+non_compliant.*site1\.ops\.v6ready/);
    expect(diff.stdout).not.toMatch(/site0\.ops\.v6ready/);
  });
});
