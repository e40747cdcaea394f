/**
 * What writing report.xlsx costs. Usage:
 *   npx tsx bench/xlsx-report-bench.ts --from DIR/report.json [--sites 40000] [--runs 5]
 *
 * - writer: in a fresh child process (cold, as in a run), the sites of the report (repeated with
 *   new indexes and hosts up to --sites) are handed to the report writer for report.xlsx alone,
 *   and again for report.csv alone as a reference; CPU time of that call (process.cpuUsage, all
 *   threads), RSS before it and the process's peak RSS.
 * - command: `v6ready report --format csv,xlsx` against `--format csv` on the report (with
 *   --sites, a report.json of the repeated sites written first), in child processes, alternating;
 *   both read every site once, so the differences are what report.xlsx adds to a run. Builds
 *   dist/ first unless --no-build. At tens of thousands of sites reading the JSON is most of the
 *   CPU and its noise hides the writer's; the peak RSS still shows what the writer holds.
 *
 * Figures go to docs/PERFORMANCE.md with this command.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { termsFor } from '../src/i18n/render.ts';
import { openReport, readSites } from '../src/report/read-report.ts';
import type { OutputFormat } from '../src/report/report-formats.ts';
import type { ReportHeader, SiteReport } from '../src/report/report-types.ts';
import { writeReportFormats } from '../src/report/report-writers.ts';
import { siteEntry, type SiteEntry } from '../src/report/site-entry.ts';
import { SitesJsonlWriter } from '../src/report/sites-jsonl.ts';
import { writeReportFiles } from '../src/report/write-reports.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    sites: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
    /** Internal: this process is the writer child, writing this one format. */
    child: { type: 'string' },
  },
});
if (!values.from) throw new Error('--from REPORT.json is required');
const from = values.from;
const runs = Number(values.runs);
const projectRoot = path.resolve(import.meta.dirname, '..');
const median = (numbers: number[]) =>
  [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

if (values.child) {
  process.stdout.write(
    `${JSON.stringify(await writeInThisProcess(values.child as OutputFormat))}\n`,
  );
} else {
  await writerFigures();
  const workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-xlsx-bench-'));
  try {
    await commandFigures(values.sites ? await repeatedReport(Number(values.sites), workDir) : from);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

interface WriterUsage {
  cpuMs: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  bytes: number;
}

/** The report's sites repeated up to `total`, each copy with its own index and host. */
async function repeatedSites(total?: number): Promise<{
  header: ReportHeader;
  count: number;
  sites: () => Generator<SiteReport>;
}> {
  const opened = await openReport(from);
  const templates: SiteReport[] = [];
  for await (const site of readSites(opened)) templates.push(site);
  const count = total ?? templates.length;
  function* sites(): Generator<SiteReport> {
    for (let index = 0; index < count; index += 1) {
      const template = templates[index % templates.length]!;
      const copy = Math.floor(index / templates.length);
      const base = template.host ?? template.target;
      const host = copy === 0 ? base : `c${copy}.${base}`;
      yield { ...template, index, host, unicode_host: host, target: host };
    }
  }
  return { header: opened.header, count, sites };
}

/** A report.json of the repeated sites, written as a scan writes it (through sites.jsonl). */
async function repeatedReport(total: number, dir: string): Promise<string> {
  const { header, sites } = await repeatedSites(total);
  const writer = new SitesJsonlWriter(path.join(dir, 'sites.jsonl'));
  const entries: SiteEntry[] = [];
  for (const site of sites()) entries.push(siteEntry(site, await writer.append(site)));
  await writer.close();
  const { summary: _summary, sites_done: _done, ...heading } = header;
  const out = path.join(dir, 'repeated');
  await writeReportFiles(out, { ...heading, sites_total: total, complete: true }, entries);
  return path.join(out, 'report.json');
}

/** The child: the report's sites in memory, then one write of `format` measured. */
async function writeInThisProcess(format: OutputFormat): Promise<WriterUsage> {
  const { header, sites } = await repeatedSites(values.sites ? Number(values.sites) : undefined);
  const out = await mkdtemp(path.join(tmpdir(), 'v6ready-xlsx-bench-'));
  try {
    // The templates were just parsed: collect now, so that moving them is not counted below.
    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage().rss;
    const before = process.cpuUsage();
    const [written] = await writeReportFormats(out, header, sites(), {
      formats: [format],
      terms: termsFor('en'),
    });
    const cpu = process.cpuUsage(before);
    return {
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBeforeMiB: rssBefore / 2 ** 20,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      bytes: (await stat(written!)).size,
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function writerFigures(): Promise<void> {
  for (const format of ['xlsx', 'csv']) {
    const measured: WriterUsage[] = [];
    for (let run = 0; run < runs; run += 1) {
      const args = [
        '--expose-gc',
        '--import',
        'tsx',
        import.meta.filename,
        '--from',
        from,
        '--child',
        format,
        ...(values.sites ? ['--sites', values.sites] : []),
      ];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const [code] = (await once(child, 'close')) as [number | null];
      if (code !== 0) throw new Error(`writer child for ${format} exited ${code}`);
      measured.push(JSON.parse(stdout) as WriterUsage);
    }
    const cpu = measured.map((one) => Math.round(one.cpuMs));
    process.stdout.write(
      `${JSON.stringify({
        writer: format,
        sites: values.sites ? Number(values.sites) : (await openReport(from)).entries.length,
        cpu_ms: cpu,
        cpu_ms_median: median(cpu),
        rss_before_mib: measured.map((one) => Math.round(one.rssBeforeMiB)),
        peak_rss_mib: measured.map((one) => Math.round(one.peakRssMiB)),
        file_kib: Math.round(measured[0]!.bytes / 1024),
      })}\n`,
    );
  }
}

async function commandFigures(report: string): Promise<void> {
  if (!values['no-build']) {
    // bin/ would fall back to tsx on a stale dist/, which costs far more than the report.
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  }
  const formats = ['csv', 'csv,xlsx'];
  const measured = new Map(formats.map((format) => [format, [] as CommandUsage[]]));
  for (let run = 0; run < runs; run += 1) {
    for (const format of formats) measured.get(format)!.push(await runCommand(report, format));
  }
  const [csvOnly, withXlsx] = formats.map((format) => measured.get(format)!);
  process.stdout.write(
    `${JSON.stringify({
      command: 'report --format csv,xlsx against --format csv',
      sites: values.sites ? Number(values.sites) : (await openReport(from)).entries.length,
      csv_cpu_ms: csvOnly!.map((one) => Math.round(one.cpuMs)),
      csv_xlsx_cpu_ms: withXlsx!.map((one) => Math.round(one.cpuMs)),
      xlsx_cpu_ms_median_difference: Math.round(
        median(withXlsx!.map((one) => one.cpuMs)) - median(csvOnly!.map((one) => one.cpuMs)),
      ),
      csv_peak_rss_mib: csvOnly!.map((one) => Math.round(one.peakMiB)),
      csv_xlsx_peak_rss_mib: withXlsx!.map((one) => Math.round(one.peakMiB)),
    })}\n`,
  );
}

interface CommandUsage {
  cpuMs: number;
  peakMiB: number;
}

/** The CLI's `report` command in a child: its own CPU time and peak RSS, from its exit hook. */
async function runCommand(report: string, format: string): Promise<CommandUsage> {
  const out = await mkdtemp(path.join(tmpdir(), 'v6ready-xlsx-bench-'));
  try {
    const usageFile = path.join(out, 'usage.json');
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(path.join(import.meta.dirname, 'report-usage.mjs')).href,
        path.join(projectRoot, 'bin/v6ready'),
        'report',
        report,
        '--format',
        format,
        '--out',
        out,
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, V6READY_BENCH_USAGE: usageFile },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    if (code !== 0) throw new Error(`v6ready report --format ${format} exited ${code}: ${stderr}`);
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as {
      userUs: number;
      systemUs: number;
      maxRssKiB: number;
    };
    return { cpuMs: (usage.userUs + usage.systemUs) / 1000, peakMiB: usage.maxRssKiB / 1024 };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
