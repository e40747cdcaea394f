import { planMerge } from '../report/merge.ts';
import { prepareOutputDir, writingInto } from '../report/output-dir.ts';
import { writeReportFiles } from '../report/write-reports.ts';

/** Exit 3 when the merged report is not whole (a shard missing or unfinished), unless allowed. */
export async function runMergeCommand(
  dirs: string[],
  flags: { out: string; allowPartial: boolean },
): Promise<number> {
  const plan = await planMerge(dirs);
  // A merge replaces its own earlier report.json and report.csv: a cron job merges into one place.
  await prepareOutputDir(flags.out, 'resume');
  const { header } = await writingInto(flags.out, () =>
    writeReportFiles(flags.out, plan.heading, plan.entries),
  );
  const say = (line: string): boolean => process.stderr.write(`v6ready: ${line}\n`);
  if (plan.missingShards.length > 0) {
    say(
      `warning: shards missing: ${plan.missingShards.join(', ')} (of ${shardCount(header.merged_from?.[0]?.shard)})`,
    );
  }
  if (plan.overlappingShards.length > 0) {
    say(
      `warning: shards given more than once: ${plan.overlappingShards.join(', ')} (the newest measurement of each site is kept)`,
    );
  }
  if (plan.partialInputs.length > 0) {
    say(
      `warning: unfinished shard outputs: ${plan.partialInputs.join(', ')} (finish them with --resume)`,
    );
  }
  say(
    `merged ${header.sites_done} of ${header.sites_total} sites from ${dirs.length} directories into ${flags.out}` +
      (header.complete ? '' : ' (partial)'),
  );
  return header.complete || flags.allowPartial ? 0 : 3;
}

function shardCount(shard: string | null | undefined): string {
  return shard?.split('/')[1] ?? '1';
}
