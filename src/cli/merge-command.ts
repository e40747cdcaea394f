import { mergeShardOutputs } from '../report/merge.ts';
import { writeReports } from '../report/write-reports.ts';

export async function runMergeCommand(dirs: string[], outDir: string): Promise<number> {
  const report = await mergeShardOutputs(dirs);
  await writeReports(outDir, report);
  process.stderr.write(
    `v6ready: merged ${report.sites.length} sites from ${dirs.length} directories into ${outDir}\n`,
  );
  return 0;
}
