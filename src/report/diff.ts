/**
 * `v6ready diff OLD NEW` and `--baseline`: which sites changed verdict between two reports.
 */
import type { Verdict } from '../judge/judge-types.ts';
import type { Report, SiteReport } from './report-types.ts';

export type ChangeDirection = 'better' | 'worse' | 'same' | 'added' | 'removed';

export interface VerdictChange {
  target: string;
  host: string | null;
  old_verdict: Verdict | null;
  new_verdict: Verdict | null;
  old_score: number | null;
  new_score: number | null;
  direction: ChangeDirection;
}

/**
 * Worst to best. error and unreachable rank below non_compliant: a site that was compliant and
 * now does not resolve or does not answer has lost its evidence of compliance, and the funding
 * review needs a fresh measurement. error ranks below unreachable because a name that does not
 * resolve is further from a working site than a server that is down.
 */
export const VERDICT_RANK: Record<Verdict, number> = {
  error: 0,
  unreachable: 1,
  non_compliant: 2,
  partial: 3,
  compliant: 4,
};

/** host + target: the same host reached through another URL is another row. */
function changeKey(site: SiteReport): string {
  return `${site.host ?? ''}\u0000${site.target}`;
}

function indexSites(report: Report): Map<string, SiteReport> {
  return new Map(report.sites.map((site) => [changeKey(site), site]));
}

/** Every site of either report, in the new report's order, then the removed ones. */
export function diffReports(oldReport: Report, newReport: Report): VerdictChange[] {
  const oldSites = indexSites(oldReport);
  const newSites = indexSites(newReport);
  const changes: VerdictChange[] = [];
  for (const [key, site] of newSites) {
    const before = oldSites.get(key);
    changes.push({
      target: site.target,
      host: site.host,
      old_verdict: before?.verdict ?? null,
      new_verdict: site.verdict,
      old_score: before?.score ?? null,
      new_score: site.score,
      direction: before ? compareVerdicts(before.verdict, site.verdict) : 'added',
    });
  }
  for (const [key, site] of oldSites) {
    if (newSites.has(key)) continue;
    changes.push({
      target: site.target,
      host: site.host,
      old_verdict: site.verdict,
      new_verdict: null,
      old_score: site.score,
      new_score: null,
      direction: 'removed',
    });
  }
  return changes;
}

export function compareVerdicts(before: Verdict, after: Verdict): 'better' | 'worse' | 'same' {
  const delta = VERDICT_RANK[after] - VERDICT_RANK[before];
  return delta > 0 ? 'better' : delta < 0 ? 'worse' : 'same';
}

/** Sites compliant in the old report and worse in the new one (`--baseline`, exit status 3). */
export function regressedFromCompliant(oldReport: Report, newReport: Report): SiteReport[] {
  const oldSites = indexSites(oldReport);
  return newReport.sites.filter((site) => {
    const before = oldSites.get(changeKey(site));
    return (
      before?.verdict === 'compliant' && compareVerdicts('compliant', site.verdict) === 'worse'
    );
  });
}

const HEADER = ['change', 'old verdict', 'new verdict', 'old score', 'new score', 'target'];
const DIRECTIONS: readonly ChangeDirection[] = ['worse', 'better', 'added', 'removed', 'same'];

/**
 * A plain text table of the given changes (callers drop 'same' rows unless asked for all), then a
 * count per direction. The target is the last column so that wide (Chinese) names do not break
 * the alignment.
 */
export function formatDiff(changes: readonly VerdictChange[]): string {
  const counts = DIRECTIONS.map(
    (direction) =>
      `${changes.filter((change) => change.direction === direction).length} ${direction}`,
  );
  const countLine = counts.join(', ');
  if (changes.length === 0) return 'no verdict changed\n';
  const rows = changes.map((change) => [
    change.direction,
    change.old_verdict ?? '-',
    change.new_verdict ?? '-',
    change.old_score === null ? '-' : String(change.old_score),
    change.new_score === null ? '-' : String(change.new_score),
    change.target,
  ]);
  // A loop, not Math.max(...rows): spreading 200k rows into a call overflows the stack.
  const widths = HEADER.map((title) => title.length);
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  const lines = [HEADER, ...rows].map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  '),
  );
  return `${lines.join('\n')}\n${countLine}\n`;
}
