import { once } from 'node:events';
import { diffSites, formatDiff, type VerdictChange } from '../report/diff.ts';
import { openReport, type OpenedReport } from '../report/read-report.ts';
import { partialNote } from '../report/report-completeness.ts';

/**
 * Prints the verdict changes on stdout (this is the command's result, not chatter), one row at a
 * time. A side that is partial is named on stderr and in the output, because its missing sites
 * show up as added or removed.
 */
export async function runDiffCommand(
  oldPath: string,
  newPath: string,
  flags: { json: boolean; all: boolean },
): Promise<number> {
  const oldReport = await openReport(oldPath);
  const newReport = await openReport(newPath);
  const notes = [partialNote('old', oldReport), partialNote('new', newReport)].filter(
    (note): note is string => note !== null,
  );
  for (const note of notes) process.stderr.write(`v6ready: warning: ${note}\n`);
  const changes = keptChanges(diffSites(oldReport.entries, newReport.entries), flags.all);
  const chunks = flags.json
    ? jsonChunks(oldReport, newReport, changes)
    : textChunks(notes, formatDiff(changes));
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
  return 0;
}

function* keptChanges(changes: Iterable<VerdictChange>, all: boolean): Generator<VerdictChange> {
  for (const change of changes) if (all || change.direction !== 'same') yield change;
}

function* textChunks(notes: readonly string[], table: Iterable<string>): Generator<string> {
  for (const note of notes) yield `note: ${note}\n`;
  yield* table;
}

function side(report: OpenedReport): Record<string, unknown> {
  return {
    path: report.path,
    complete: report.header.complete,
    sites_done: report.header.sites_done,
    sites_total: report.header.sites_total,
  };
}

function* jsonChunks(
  oldReport: OpenedReport,
  newReport: OpenedReport,
  changes: Iterable<VerdictChange>,
): Generator<string> {
  const head = JSON.stringify({ old: side(oldReport), new: side(newReport) }, null, 2);
  yield `${head.slice(0, -2)},\n  "changes": [`;
  let first = true;
  for (const change of changes) {
    yield `${first ? '\n' : ',\n'}    ${JSON.stringify(change)}`;
    first = false;
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
}
