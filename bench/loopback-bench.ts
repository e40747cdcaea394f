/**
 * Loopback benchmark: dual-stack sites served by one DNS server (127.0.0.1 and ::1) and one
 * HTTP(S) server per family, scanned by the real CLI (bin/v6ready, compiled) in a child process.
 * For each run it prints wall time, sites/s, the scanner's CPU per site (user + sys / sites) and
 * its peak RSS, and, with --script, the same sites fetched by a dig + curl -6 + curl -4 script
 * under xargs -P100.
 *
 *   npm run bench                         the suite: 1k (+ script), 1k https, 5k, 100k NXDOMAIN
 *   npm run bench -- --sites 1000 [--depth 0] [--links 0] [--https] [--script] [--concurrency 64]
 *   npm run bench -- --nxdomain 100000    names that answer NXDOMAIN at once: memory over time
 *   --keep leaves each run's targets and scan output in place (the path is printed).
 *
 * The servers run in this process and the scanner in another, so on a 2-core machine each gets a
 * core. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the scanner. Figures go
 * to docs/PERFORMANCE.md with the command that produced them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startDualStackZoneServer, type Zone } from '../test/support/zone-server.ts';

const { values } = parseArgs({
  options: {
    sites: { type: 'string' },
    nxdomain: { type: 'string' },
    depth: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '64' },
    links: { type: 'string', default: '0' },
    https: { type: 'boolean', default: false },
    script: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    // Leave each run's files (targets, sites.jsonl, reports) in place and print where they are.
    keep: { type: 'boolean', default: false },
  },
});

interface RunPlan {
  label: string;
  sites: number;
  nxdomain: boolean;
  https: boolean;
  script: boolean;
}

const depth = Number(values.depth);
const linksPerPage = Number(values.links);
const concurrency = Number(values.concurrency);
const plans: RunPlan[] =
  values.sites !== undefined || values.nxdomain !== undefined
    ? [
        values.nxdomain !== undefined
          ? {
              label: 'nxdomain',
              sites: Number(values.nxdomain),
              nxdomain: true,
              https: false,
              script: false,
            }
          : {
              label: values.https ? 'https' : 'http',
              sites: Number(values.sites),
              nxdomain: false,
              https: values.https,
              script: values.script,
            },
      ]
    : [
        { label: 'http', sites: 1000, nxdomain: false, https: false, script: true },
        { label: 'https', sites: 1000, nxdomain: false, https: true, script: false },
        { label: 'http', sites: 5000, nxdomain: false, https: false, script: false },
        { label: 'nxdomain', sites: 100_000, nxdomain: true, https: false, script: false },
      ];

const projectRoot = path.resolve(import.meta.dirname, '..');
if (!values['no-build']) {
  // The scanner runs compiled, as in production; bin/ would fall back to tsx on a stale dist/.
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
}

// The test certificate covers *.test.v6ready, so every site lives under that zone.
const ZONE = 'test.v6ready';
const caFile = path.join(projectRoot, 'fixtures/tls/ca.crt');
const tlsOptions = {
  key: await readFile(path.join(projectRoot, 'fixtures/tls/leaf.key')),
  cert: await readFile(path.join(projectRoot, 'fixtures/tls/leaf.crt')),
};

function page(host: string, pathname: string): string {
  const links = Array.from(
    { length: linksPerPage },
    (_, i) => `<li><a href="/section-${i}/">Section ${i}</a></li>`,
  ).join('\n');
  return `<!doctype html><html><head><title>${host}</title></head><body><h1>${host}${pathname}</h1>
<p>${'政务服务 公开信息 '.repeat(200)}</p><ul>${links}</ul></body></html>`;
}

const handler: http.RequestListener = (request, response) => {
  const host = (request.headers.host ?? '').split(':')[0] ?? '';
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(page(host, request.url ?? '/'));
};

async function listenOn(server: http.Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as { port: number }).port;
}

async function listenDualStack(
  servers: [http.Server, http.Server],
  standardPort: number,
): Promise<number> {
  // The standard port first, as a real site (and the issue's nginx lab) serves: the scan's TCP
  // probes of 80 and 443 then meet open ports, and the entry URL carries no port of its own.
  // Without root, or with the port taken, an ephemeral one (and 80/443 are probed closed).
  try {
    await listenOn(servers[0], '127.0.0.1', standardPort);
    await listenOn(servers[1], '::1', standardPort);
    return standardPort;
  } catch {
    for (const server of servers) if (server.listening) server.close();
  }
  const port = await listenOn(servers[0], '127.0.0.1', 0);
  await listenOn(servers[1], '::1', port);
  return port;
}

const httpServers: [http.Server, http.Server] = [
  http.createServer(handler),
  http.createServer(handler),
];
const httpsServers: [http.Server, http.Server] = [
  https.createServer(tlsOptions, handler),
  https.createServer(tlsOptions, handler),
];
const httpPort = await listenDualStack(httpServers, 80);
const httpsPort = await listenDualStack(httpsServers, 443);
const onStandardPorts = httpPort === 80 && httpsPort === 443;

const siteCount = Math.max(0, ...plans.filter((plan) => !plan.nxdomain).map((plan) => plan.sites));
const zone: Zone = {
  [ZONE]: { NS: [`ns.${ZONE}`] },
  [`ns.${ZONE}`]: { A: ['127.0.0.1'], AAAA: ['::1'] },
};
for (let i = 0; i < siteCount; i++) zone[`site${i}.${ZONE}`] = { A: ['127.0.0.1'], AAAA: ['::1'] };
const dns = await startDualStackZoneServer(zone);

interface ProcessUsage {
  userUs: number;
  systemUs: number;
  maxRssKiB: number;
}

/** Peak RSS so far, sampled with the time it was read: memory over the run. */
interface RssSample {
  seconds: number;
  peakKiB: number;
}

async function runScanner(plan: RunPlan, workDir: string): Promise<Record<string, unknown>> {
  const targets = Array.from({ length: plan.sites }, (_, i) =>
    plan.nxdomain
      ? `nx${i}.${ZONE}`
      : plan.https
        ? `https://site${i}.${ZONE}${httpsPort === 443 ? '' : `:${httpsPort}`}/`
        : `http://site${i}.${ZONE}${httpPort === 80 ? '' : `:${httpPort}`}/`,
  );
  const inputFile = path.join(workDir, 'targets.txt');
  await writeFile(inputFile, `${targets.join('\n')}\n`);
  const outDir = path.join(workDir, 'out');
  const usageFile = path.join(workDir, 'usage.json');
  const args = [
    ...(process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
    '--import',
    pathToFileURL(path.join(import.meta.dirname, 'report-usage.mjs')).href,
    path.join(projectRoot, 'bin/v6ready'),
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
    String(depth),
    '--max-links',
    '20',
    '--concurrency',
    String(concurrency),
    '--name-server-port',
    String(dns.port),
    '--no-progress',
  ];
  const startedMs = performance.now();
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: caFile,
      V6READY_BENCH_USAGE: usageFile,
      // The build or nothing: with --no-build after a source edit, bin/ would run tsx instead.
      V6READY_FROM_SOURCE: '0',
    },
  });
  const samples: RssSample[] = [];
  const sampler = setInterval(() => {
    readFile(`/proc/${child.pid}/status`, 'utf8')
      .then((status) => {
        const match = /VmHWM:\s+(\d+) kB/.exec(status);
        const seconds = (performance.now() - startedMs) / 1000;
        if (match) samples.push({ seconds, peakKiB: Number(match[1]) });
      })
      .catch(() => undefined);
  }, 100);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - startedMs) / 1000;
  const usage = JSON.parse(await readFile(usageFile, 'utf8')) as ProcessUsage;
  const cpuMs = (usage.userUs + usage.systemUs) / 1000;
  // Peak RSS once a fifth, half and all of the run had passed: flat when these agree.
  const peakAt = (fraction: number): number => {
    const upTo = samples.filter((sample) => sample.seconds <= seconds * fraction);
    return mib(upTo.at(-1)?.peakKiB ?? 0);
  };
  return {
    exit_code: exitCode,
    // Where the sites listen: 80 and 443 as real sites do, or ephemeral ports when those are taken.
    web_ports: onStandardPorts ? [80, 443] : [httpPort, httpsPort],
    seconds: round(seconds),
    sites_per_second: round(plan.sites / seconds),
    cpu_ms_per_site: round(cpuMs / plan.sites),
    cpu_user_s: round(usage.userUs / 1e6),
    cpu_sys_s: round(usage.systemUs / 1e6),
    peak_rss_mib: mib(usage.maxRssKiB),
    peak_rss_mib_at_20_50_100_percent: [peakAt(0.2), peakAt(0.5), mib(usage.maxRssKiB)],
    ...(await countOutcomes(path.join(outDir, 'sites.jsonl'), plan.sites)),
    report_json_bytes_per_site: Math.round(
      (await stat(path.join(outDir, 'report.json'))).size / plan.sites,
    ),
  };
}

/**
 * Verdicts, the checks that kept sites from compliant, and the mean bytes of a compact site
 * object (a sites.jsonl line), read line by line.
 */
async function countOutcomes(
  sitesJsonl: string,
  siteCount: number,
): Promise<Record<string, unknown>> {
  const verdicts: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  let jsonlBytes = 0;
  let latencySamples = 0;
  let retakenSamples = 0;
  const lagsMs: number[] = [];
  const lines = createInterface({ input: createReadStream(sitesJsonl), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    jsonlBytes += Buffer.byteLength(line);
    const site = JSON.parse(line) as {
      verdict?: string;
      reasons?: string[];
      evidence?: { latency?: { samples?: { retaken?: boolean; scanner_lag_ms?: number }[] } };
    };
    for (const sample of site.evidence?.latency?.samples ?? []) {
      latencySamples++;
      if (sample.retaken) retakenSamples++;
      if (lagsMs.length < 100_000) lagsMs.push(sample.scanner_lag_ms ?? 0);
    }
    const verdict = site.verdict ?? 'unknown';
    verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
    for (const reason of site.reasons ?? []) {
      const check = reason.split(':')[0] ?? reason;
      reasons[check] = (reasons[check] ?? 0) + 1;
    }
  }
  return {
    sites_jsonl_bytes_per_site: Math.round(jsonlBytes / siteCount),
    // web_latency6 fetches per site, and how many of them were retaken because the scanner lagged.
    latency_samples_per_site: round(latencySamples / siteCount),
    retaken_samples_per_site: round(retakenSamples / siteCount),
    // The scanner's own lag during those samples (median, 90th percentile, largest), in ms.
    sample_scanner_lag_ms_p50_p90_max: percentiles(lagsMs, [0.5, 0.9, 1]),
    verdicts,
    reasons,
  };
}

function percentiles(values: number[], fractions: number[]): number[] {
  const sorted = values.toSorted((a, b) => a - b);
  return fractions.map((fraction) =>
    round(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0),
  );
}

function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * What a quick shell script does for the same sites: one dig for AAAA and A at the test
 * resolver, then the home page with curl -6 and curl -4 pinned to those addresses (--resolve),
 * 100 sites at a time. Everything stays on loopback. Its timeouts are long: on a loaded machine
 * the script should finish its work slowly rather than fail it quickly.
 */
async function runScript(plan: RunPlan, workDir: string): Promise<Record<string, unknown>> {
  const port = plan.https ? httpsPort : httpPort;
  const scheme = plan.https ? 'https' : 'http';
  const hostsFile = path.join(workDir, 'hosts.txt');
  await writeFile(
    hostsFile,
    `${Array.from({ length: plan.sites }, (_, i) => `site${i}.${ZONE}`).join('\n')}\n`,
  );
  const scriptFile = path.join(workDir, 'check-site.sh');
  await writeFile(
    scriptFile,
    `#!/bin/sh
set -f
h=$1; a6=; a4=
for addr in $(dig +short +time=30 +tries=1 -p ${dns.port} @127.0.0.1 "$h" AAAA "$h" A); do
  case $addr in *:*) a6=$addr ;; *) a4=$addr ;; esac
done
curl_opts="-s -o /dev/null -w %{http_code}\\n -m 60 --noproxy * --cacert ${caFile}"
[ -n "$a6" ] && curl -6 $curl_opts --resolve "$h:${port}:[$a6]" "${scheme}://$h:${port}/"
[ -n "$a4" ] && curl -4 $curl_opts --resolve "$h:${port}:$a4" "${scheme}://$h:${port}/"
exit 0
`,
  );
  const startedMs = performance.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('sh', ['-c', `xargs -P100 -n1 sh ${scriptFile} < ${hostsFile}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(stdout));
  });
  const seconds = (performance.now() - startedMs) / 1000;
  const statuses = output.split('\n').filter((line) => line !== '');
  return {
    seconds: round(seconds),
    sites_per_second: round(plan.sites / seconds),
    // curl's %{http_code} per request: 000 when no response came.
    statuses: Object.fromEntries(
      [...new Set(statuses)].map((status) => [status, statuses.filter((s) => s === status).length]),
    ),
  };
}

function round(value: number): number {
  return Number(value.toFixed(2));
}

function mib(kib: number): number {
  return Number((kib / 1024).toFixed(1));
}

const results: Record<string, unknown>[] = [];
for (const plan of plans) {
  const workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-bench-'));
  try {
    const queriesBefore = dns.queries.length;
    const scanner = await runScanner(plan, workDir);
    const result: Record<string, unknown> = {
      run: plan.label,
      sites: plan.sites,
      depth: plan.nxdomain ? 0 : depth,
      links_per_page: plan.nxdomain ? 0 : linksPerPage,
      concurrency,
      dns_queries: dns.queries.length - queriesBefore,
      ...scanner,
    };
    if (plan.script) {
      if (hasTool('dig') && hasTool('curl') && hasTool('xargs')) {
        const script = await runScript(plan, workDir);
        result.script = script;
        result.speedup_over_script = round(
          (script.seconds as number) / (scanner.seconds as number),
        );
      } else {
        result.script = 'skipped: dig, curl or xargs not installed (apt-get install dnsutils curl)';
      }
    }
    console.log(JSON.stringify(result, null, 2));
    results.push(result);
  } finally {
    if (values.keep) console.log(`kept: ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
  // Keep the server's query log from growing across runs.
  dns.queries.length = 0;
}

if (results.length > 1) {
  console.log('\n| run | sites | wall s | sites/s | CPU ms/site | peak RSS MiB | script |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const result of results) {
    const script = result.script as { seconds?: number } | string | undefined;
    const scriptCell =
      typeof script === 'object' && script.seconds !== undefined
        ? `${script.seconds} s (${String(result.speedup_over_script)}x)`
        : '';
    console.log(
      `| ${String(result.run)} | ${String(result.sites)} | ${String(result.seconds)} | ${String(result.sites_per_second)} | ${String(result.cpu_ms_per_site)} | ${String(result.peak_rss_mib)} | ${scriptCell} |`,
    );
  }
}

await dns.close();
for (const server of [...httpServers, ...httpsServers]) {
  server.close();
  server.closeAllConnections();
}
