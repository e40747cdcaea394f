/**
 * Peak memory and time of `v6ready merge` over generated shard outputs (about 9 KB a site, as a
 * depth-2 scan writes). Usage: npx tsx bench/merge-memory.ts [--sites 100000] [--shards 4]
 * Figures go to docs/PERFORMANCE.md with this command.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateShards, runCliForPeakRss } from '../test/support/generated-shards.ts';

const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '100000' },
    shards: { type: 'string', default: '4' },
  },
});
const sites = Number(values.sites);
const shards = Number(values.shards);
const root = await mkdtemp(path.join(tmpdir(), 'v6ready-merge-bench-'));
try {
  const generating = performance.now();
  const dirs = await generateShards(root, sites, shards);
  const generatedS = (performance.now() - generating) / 1000;
  const out = path.join(root, 'merged');
  const merging = performance.now();
  const run = await runCliForPeakRss(['merge', ...dirs, '--out', out]);
  const mergeS = (performance.now() - merging) / 1000;
  const reportBytes = (await stat(path.join(out, 'report.json'))).size;
  process.stdout.write(
    `${JSON.stringify({
      sites,
      shards,
      exit_code: run.code,
      generate_s: Number(generatedS.toFixed(1)),
      merge_s: Number(mergeS.toFixed(1)),
      merge_peak_rss_mb: Math.round(run.peakRssBytes / 2 ** 20),
      report_json_mb: Math.round(reportBytes / 2 ** 20),
    })}\n`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
