import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { diffReports, formatDiff } from '../report/diff.ts';
import type { Report } from '../report/report-types.ts';
import { UsageError } from './parse-flags.ts';

/** Prints the verdict changes on stdout: this is the command's result, not chatter. */
export async function runDiffCommand(
  oldPath: string,
  newPath: string,
  flags: { json: boolean; all: boolean },
): Promise<number> {
  const [oldReport, newReport] = await Promise.all([readReport(oldPath), readReport(newPath)]);
  const changes = diffReports(oldReport, newReport).filter(
    (change) => flags.all || change.direction !== 'same',
  );
  process.stdout.write(flags.json ? `${JSON.stringify(changes, null, 2)}\n` : formatDiff(changes));
  return 0;
}

async function readReport(given: string): Promise<Report> {
  let file = given;
  try {
    if ((await stat(given)).isDirectory()) file = path.join(given, 'report.json');
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { schema?: unknown };
    if (parsed.schema !== 'v6ready/report@1') throw new Error('not a v6ready/report@1 file');
    return parsed as Report;
  } catch (error) {
    throw new UsageError(`cannot read report ${file}: ${(error as Error).message}`);
  }
}
