import { stat } from 'node:fs/promises';
import path from 'node:path';
import { diffReports, formatDiff } from '../report/diff.ts';
import { readReport } from '../report/read-report.ts';
import type { Report } from '../report/report-types.ts';
import { UsageError } from './parse-flags.ts';

/** Prints the verdict changes on stdout: this is the command's result, not chatter. */
export async function runDiffCommand(
  oldPath: string,
  newPath: string,
  flags: { json: boolean; all: boolean },
): Promise<number> {
  const [oldReport, newReport] = await Promise.all([readReportAt(oldPath), readReportAt(newPath)]);
  const changes = diffReports(oldReport, newReport).filter(
    (change) => flags.all || change.direction !== 'same',
  );
  process.stdout.write(flags.json ? `${JSON.stringify(changes, null, 2)}\n` : formatDiff(changes));
  return 0;
}

async function readReportAt(given: string): Promise<Report> {
  const file = (await stat(given).catch(() => null))?.isDirectory()
    ? path.join(given, 'report.json')
    : given;
  try {
    return await readReport(file);
  } catch (error) {
    throw new UsageError(`cannot read report: ${(error as Error).message}`);
  }
}
