/**
 * Reproducibility benchmark (issue 7): the same N dual-stack loopback sites plus one whose IPv6
 * answers 400 ms late, scanned twice by the real CLI at a high --concurrency. Prints how many
 * verdicts differ between the runs, the false latency warnings (any site but the slow one), the
 * slow site's web_latency6 in each run, and the largest latency reported for the fast sites.
 *
 *   npm run bench:reproducibility -- [--sites 400] [--concurrency 128] [--runs 2] [--delay 400]
 *
 * The servers run in this process and the scanner in a child, as in loopback-bench.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Report } from '../src/report/report-types.ts';
import { startDualStackServer } from '../test/probe/test-servers.ts';
import { startDualStackZoneServer, type Zone } from '../test/support/zone-server.ts';

const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '128' },
    runs: { type: 'string', default: '2' },
    delay: { type: 'string', default: '400' },
  },
});
const siteCount = Number(values.sites);
const runCount = Number(values.runs);
const slowDelayMs = Number(values.delay);
const SLOW_HOST = 'slow6.bench.v6ready';

const page = (host: string): string =>
  `<!doctype html><html><head><title>${host}</title></head><body><h1>${host}</h1>
<p>${'政务服务 公开信息 '.repeat(200)}</p></body></html>`;

const handlerFor =
  (family: 4 | 6): http.RequestListener =>
  (request, response) => {
    const host = (request.headers.host ?? '').split(':')[0] ?? '';
    const answer = (): void => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(host));
    };
    if (family === 4 || host !== SLOW_HOST) return answer();
    // The slow site's IPv6 path: 400 ms more to headers, the server's doing, not the scanner's.
    const timer = setTimeout(answer, slowDelayMs);
    response.on('close', () => clearTimeout(timer));
  };
const web = await startDualStackServer({ handler4: handlerFor(4), handler6: handlerFor(6) });

const zone: Zone = { 'bench.v6ready': { NS: ['ns.bench.v6ready'] } };
zone['ns.bench.v6ready'] = { A: ['127.0.0.1'], AAAA: ['::1'] };
const hosts = Array.from({ length: siteCount }, (_, i) => `site${i}.bench.v6ready`);
// In the middle of the input, so that it is scanned while the scanner is busiest.
hosts.splice(Math.floor(siteCount / 2), 0, SLOW_HOST);
for (const host of hosts) zone[host] = { A: ['127.0.0.1'], AAAA: ['::1'] };
const dns = await startDualStackZoneServer(zone);

const workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-repro-'));
const inputFile = path.join(workDir, 'targets.txt');
await writeFile(inputFile, `${hosts.map((host) => web.url(host)).join('\n')}\n`);

async function scan(outDir: string): Promise<{ report: Report; seconds: number }> {
  const args = [
    'scan',
    ...['--input', inputFile, '--out', outDir, '--resolver', `127.0.0.1:${dns.port}`],
    ...['--allow-private', '--depth', '0', '--concurrency', String(values.concurrency)],
    ...['--name-server-port', String(dns.port), '--no-progress'],
    // The vantage check asks the bench's own zone server, never a root server.
    ...['--vantage-probe', `127.0.0.1:${dns.port}`, '--vantage-probe', `[::1]:${dns.port}`],
  ];
  const startedMs = performance.now();
  const child = spawn(process.execPath, [path.resolve('bin/v6ready'), ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exitCode = await new Promise((resolve) => child.on('exit', resolve));
  if (exitCode !== 0) console.error(`scan exited with ${String(exitCode)}`);
  const seconds = (performance.now() - startedMs) / 1000;
  const report = JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as Report;
  return { report, seconds };
}

const loadBefore = loadavg();
const runs: { report: Report; seconds: number }[] = [];
for (let run = 0; run < runCount; run++) runs.push(await scan(path.join(workDir, `run-${run}`)));

const latencyOf = (site: Report['sites'][number]) => site.checks.web_latency6;
const numberOr0 = (value: unknown): number => (typeof value === 'number' ? value : 0);
const perRun = runs.map(({ report, seconds }) => {
  const statuses: Record<string, number> = {};
  let falseWarnings = 0;
  let maxFastMs = 0;
  let maxLagMs = 0;
  let retakes = 0;
  let slow: { status: string; summary: string } | null = null;
  for (const site of report.sites) {
    const latency = latencyOf(site);
    statuses[latency.status] = (statuses[latency.status] ?? 0) + 1;
    maxLagMs = Math.max(maxLagMs, numberOr0(latency.scanner_lag_max_ms));
    retakes += numberOr0(latency.retakes);
    if (site.host === SLOW_HOST) {
      slow = { status: latency.status, summary: latency.summary };
      continue;
    }
    if (latency.status === 'warn') falseWarnings++;
    maxFastMs = Math.max(maxFastMs, numberOr0(latency.v6_ms), numberOr0(latency.v4_ms));
  }
  return {
    seconds: Number(seconds.toFixed(1)),
    verdicts: report.summary.by_verdict,
    web_latency6: statuses,
    false_latency_warnings: falseWarnings,
    slow_site: slow,
    max_fast_site_latency_ms: maxFastMs,
    max_scanner_lag_ms: maxLagMs,
    retaken_pairs: retakes,
  };
});

const verdictsOf = (report: Report): Map<string, string> =>
  new Map(report.sites.map((site) => [site.target, site.verdict]));
const first = verdictsOf(runs[0]!.report);
const differingTargets = runs
  .slice(1)
  .flatMap(({ report }) => {
    const other = verdictsOf(report);
    return [...first].filter(([target, verdict]) => other.get(target) !== verdict);
  })
  .map(([target]) => target);
const differing = runs.slice(1).map(({ report }) => {
  const other = verdictsOf(report);
  return [...first].filter(([target, verdict]) => other.get(target) !== verdict).length;
});
// What made them differ, so that a cause outside latency shows too.
const differingSites = [...new Set(differingTargets)].slice(0, 5).map((target) => ({
  target,
  runs: runs.map(({ report }) => {
    const site = report.sites.find((candidate) => candidate.target === target);
    return { verdict: site?.verdict, reasons: site?.reasons };
  }),
}));

console.log(
  JSON.stringify(
    {
      sites: hosts.length,
      concurrency: Number(values.concurrency),
      slow_ipv6_delay_ms: slowDelayMs,
      load_average_before: loadBefore.map((load) => Number(load.toFixed(2))),
      load_average_after: loadavg().map((load) => Number(load.toFixed(2))),
      verdicts_differing_from_run_1: differing,
      differing_sites: differingSites,
      runs: perRun,
    },
    null,
    2,
  ),
);

await Promise.all([dns.close(), web.close()]);
await rm(workDir, { recursive: true, force: true });
