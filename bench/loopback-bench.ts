/**
 * Loopback benchmark: N dual-stack sites served by one DNS server and one HTTP server per family,
 * scanned by the real CLI in a child process. Prints wall time, sites/s and the scanner's peak RSS.
 *
 *   npm run bench -- [--sites 1000] [--depth 0] [--concurrency 64] [--links 0]
 *
 * The servers run in this process and the scanner in another, so on a 2-core machine each gets a
 * core. Figures go to docs/PERFORMANCE.md with the command that produced them.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDualStackZoneServer, type Zone } from '../test/support/zone-server.ts';

const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '1000' },
    depth: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '64' },
    links: { type: 'string', default: '0' },
  },
});
const siteCount = Number(values.sites);
const linksPerPage = Number(values.links);

function page(host: string, pathname: string): string {
  const links = Array.from(
    { length: linksPerPage },
    (_, i) => `<li><a href="/section-${i}/">Section ${i}</a></li>`,
  ).join('\n');
  return `<!doctype html><html><head><title>${host}</title></head><body><h1>${host}${pathname}</h1>
<p>${'政务服务 公开信息 '.repeat(200)}</p><ul>${links}</ul></body></html>`;
}

async function listenOn(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as { port: number }).port;
}

const handler: Parameters<typeof createServer>[1] = (request, response) => {
  const host = (request.headers.host ?? '').split(':')[0] ?? '';
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(page(host, request.url ?? '/'));
};
const http4 = createServer(handler);
const http6 = createServer(handler);
const port = await listenOn(http4, '127.0.0.1', 0);
await listenOn(http6, '::1', port);

const zone: Zone = { 'bench.v6ready': { NS: ['ns.bench.v6ready'] } };
zone['ns.bench.v6ready'] = { A: ['127.0.0.1'], AAAA: ['::1'] };
const targets: string[] = [];
for (let i = 0; i < siteCount; i++) {
  const host = `site${i}.bench.v6ready`;
  zone[host] = { A: ['127.0.0.1'], AAAA: ['::1'] };
  targets.push(`http://${host}:${port}/`);
}
const dns = await startDualStackZoneServer(zone);

const workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-bench-'));
const inputFile = path.join(workDir, 'targets.txt');
await writeFile(inputFile, `${targets.join('\n')}\n`);
const outDir = path.join(workDir, 'out');
const args = [
  'scan',
  '--input',
  inputFile,
  '--out',
  outDir,
  '--resolver',
  `127.0.0.1:${dns.port}`,
  '--allow-private',
  // The vantage check asks the bench's zone server on both families, never a real root server.
  '--vantage-probe',
  `127.0.0.1:${dns.port}`,
  '--vantage-probe',
  `[::1]:${dns.port}`,
  '--depth',
  String(values.depth),
  '--concurrency',
  String(values.concurrency),
  '--name-server-port',
  String(dns.port),
  '--no-progress',
];

const startedMs = performance.now();
// BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the scanner.
const nodeFlags = (process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
const child = spawn(process.execPath, [...nodeFlags, path.resolve('bin/v6ready'), ...args], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
let peakRssKiB = 0;
const sampler = setInterval(() => {
  readFile(`/proc/${child.pid}/status`, 'utf8')
    .then((status) => {
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) peakRssKiB = Math.max(peakRssKiB, Number(match[1]));
    })
    .catch(() => undefined);
}, 50);
const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
clearInterval(sampler);
const seconds = (performance.now() - startedMs) / 1000;

const report = JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as {
  summary: { by_verdict: Record<string, number> };
  sites: { reasons: string[] }[];
};
// Bytes of one site object: compact in sites.jsonl, as written in report.json.
const siteLines = (await readFile(path.join(outDir, 'sites.jsonl'), 'utf8')).split('\n');
const jsonlBytes = siteLines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
const reportBytes = (await stat(path.join(outDir, 'report.json'))).size;
const siteJsonBytes = {
  sites_jsonl_mean: Math.round(jsonlBytes / siteCount),
  report_json_per_site: Math.round(reportBytes / siteCount),
};
// Which checks kept sites from compliant, by check id, so a surprise in the figures shows.
const reasonCounts: Record<string, number> = {};
for (const site of report.sites) {
  for (const reason of site.reasons) {
    const check = reason.split(':')[0] ?? reason;
    reasonCounts[check] = (reasonCounts[check] ?? 0) + 1;
  }
}
console.log(
  JSON.stringify(
    {
      sites: siteCount,
      depth: Number(values.depth),
      links_per_page: linksPerPage,
      concurrency: Number(values.concurrency),
      exit_code: exitCode,
      seconds: Number(seconds.toFixed(2)),
      sites_per_second: Number((siteCount / seconds).toFixed(1)),
      peak_rss_mib: Number((peakRssKiB / 1024).toFixed(1)),
      site_json_bytes: siteJsonBytes,
      dns_queries: dns.queries.length,
      verdicts: report.summary.by_verdict,
      reasons: reasonCounts,
    },
    null,
    2,
  ),
);

await dns.close();
http4.close();
http6.close();
http4.closeAllConnections();
http6.closeAllConnections();
await rm(workDir, { recursive: true, force: true });
