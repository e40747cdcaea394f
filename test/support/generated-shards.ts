/**
 * Shard outputs of any size for merge tests and the merge benchmark: each shard written the way a
 * scan writes it (sites.jsonl appended, then report.json and report.csv streamed from it).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Verdict } from '../../src/judge/judge-types.ts';
import { siteEntry, type SiteEntry } from '../../src/report/site-entry.ts';
import type { SiteReport } from '../../src/report/report-types.ts';
import { SitesJsonlWriter } from '../../src/report/sites-jsonl.ts';
import { writeReportFiles } from '../../src/report/write-reports.ts';
import { report, siteReport } from '../report/report-builders.ts';

const VERDICTS: readonly Verdict[] = ['compliant', 'partial', 'non_compliant', 'unreachable'];

/** A site near the size of a real one at depth 2 (about 9 KB): 20 sampled links per level. */
function sizedSite(template: SiteReport, index: number): SiteReport {
  const host = `site${index}.example.cn`;
  const verdict = VERDICTS[index % VERDICTS.length] as Verdict;
  const links = Array.from({ length: 20 }, (_, link) => ({
    url: `https://${host}/section/${link}/index.html`,
    v6: 'ok',
    v4: 'ok',
  }));
  return {
    ...template,
    index,
    target: host,
    host,
    unicode_host: host,
    verdict,
    score: verdict === 'compliant' ? 100 : 40 + (index % 50),
    category: `category ${index % 7}`,
    owner: `owner ${index % 100}`,
    checks: {
      ...template.checks,
      links_l2: { ...template.checks.links_l2, links },
      links_l3: { ...template.checks.links_l3, links },
    },
  };
}

/** Writes `shards` shard outputs of `sites` sites in all under root; returns their directories. */
export async function generateShards(
  root: string,
  sites: number,
  shards: number,
): Promise<string[]> {
  const template = siteReport();
  const heading = report([]);
  const dirs: string[] = [];
  for (let shard = 0; shard < shards; shard += 1) {
    const dir = path.join(root, `shard-${shard}`);
    await mkdir(dir, { recursive: true });
    const writer = new SitesJsonlWriter(path.join(dir, 'sites.jsonl'));
    const entries: SiteEntry[] = [];
    let total = 0;
    for (let index = shard; index < sites; index += shards) {
      const site = sizedSite(template, index);
      entries.push(siteEntry(site, await writer.append(site)));
      total += 1;
    }
    await writer.close();
    await writeReportFiles(
      dir,
      {
        ...heading,
        options: { ...heading.options, shard: `${shard}/${shards}`, input_total: sites },
        complete: true,
        sites_total: total,
      },
      entries,
    );
    dirs.push(dir);
  }
  return dirs;
}

const PEAK_RSS_RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peak-rss-cli.ts');

/**
 * Runs the CLI in a child process and returns its exit code and peak resident memory; with
 * `maxOldSpaceMb`, in a V8 heap of that size (a run that holds every site then fails).
 */
export async function runCliForPeakRss(
  args: readonly string[],
  maxOldSpaceMb?: number,
): Promise<{ code: number | null; peakRssBytes: number; stderr: string }> {
  const heapFlags = maxOldSpaceMb ? [`--max-old-space-size=${maxOldSpaceMb}`] : [];
  const child = spawn(
    process.execPath,
    [...heapFlags, '--import', 'tsx', PEAK_RSS_RUNNER, ...args],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  const match = /peak_rss_kb=(\d+)/.exec(stderr);
  if (!match) throw new Error(`no peak RSS reported: ${stderr}`);
  return { code, peakRssBytes: Number(match[1]) * 1024, stderr };
}
