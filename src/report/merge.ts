/**
 * `v6ready merge DIR...`: joins the outputs of shards (N machines, one list) into one report.
 * A shard that was killed has only sites.jsonl; its sites are merged all the same.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildReport } from './build-report.ts';
import { REPORT_JSON, SITES_JSONL } from './report-files.ts';
import type { MergedSource, Report, ReportOptions, SiteReport } from './report-types.ts';
import { parseReport } from './read-report.ts';
import { readSitesJsonl, siteKey } from './sites-jsonl.ts';

interface ShardOutput {
  source: MergedSource;
  /** Only when the shard finished and wrote report.json. */
  report: Report | null;
  sites: SiteReport[];
}

export async function mergeShardOutputs(dirs: readonly string[]): Promise<Report> {
  if (dirs.length === 0) throw new Error('merge needs at least one directory');
  const outputs: ShardOutput[] = [];
  for (const dir of dirs) outputs.push(await readShardOutput(dir));

  const reports = outputs.flatMap((output) => (output.report ? [output.report] : []));
  const first = reports[0];
  if (!first) {
    throw new Error(
      `none of ${dirs.join(', ')} has ${REPORT_JSON}, so the scan options are unknown; ` +
        `finish a shard with --resume first`,
    );
  }
  const options: ReportOptions = { ...first.options, shard: null };
  const merged = buildReport({
    tool: first.tool,
    startedAt: earliest(reports.map((report) => report.started_at)),
    finishedAt: latest(reports.map((report) => report.finished_at)),
    options,
    sites: dedupeSites(outputs.flatMap((output) => output.sites)),
  });
  return { ...merged, merged_from: outputs.map((output) => output.source) };
}

async function readShardOutput(dir: string): Promise<ShardOutput> {
  const reportPath = join(dir, REPORT_JSON);
  const reportText = await readIfExists(reportPath);
  if (reportText !== null) {
    const report = parseReport(reportPath, reportText);
    return {
      source: {
        dir,
        file: REPORT_JSON,
        shard: report.options.shard,
        started_at: report.started_at,
        finished_at: report.finished_at,
        sites: report.sites.length,
      },
      report,
      sites: report.sites,
    };
  }
  const jsonlPath = join(dir, SITES_JSONL);
  let sites: SiteReport[];
  try {
    ({ sites } = await readSitesJsonl(jsonlPath));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${dir}: neither ${REPORT_JSON} nor ${SITES_JSONL} found`);
    }
    throw error;
  }
  return {
    source: {
      dir,
      file: SITES_JSONL,
      shard: null,
      started_at: null,
      finished_at: null,
      sites: sites.length,
    },
    report: null,
    sites,
  };
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Shards are disjoint, but a directory given twice or a re-run shard is not: newest scan wins. */
function dedupeSites(sites: readonly SiteReport[]): SiteReport[] {
  const byKey = new Map<string, SiteReport>();
  for (const site of sites) {
    const key = siteKey(site);
    const kept = byKey.get(key);
    if (!kept || Date.parse(site.scanned_at) >= Date.parse(kept.scanned_at)) byKey.set(key, site);
  }
  return [...byKey.values()];
}

function earliest(times: readonly string[]): string {
  return times.reduce((best, time) => (Date.parse(time) < Date.parse(best) ? time : best));
}

function latest(times: readonly string[]): string {
  return times.reduce((best, time) => (Date.parse(time) > Date.parse(best) ? time : best));
}
