/**
 * `v6ready diff OLD NEW` and `--baseline`: which sites changed verdict between two reports.
 */
import type { Verdict } from '../judge/judge-types.ts';
import type { SiteReport } from './report-types.ts';

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

/** What a diff reads of a site: a full site report or a reader's compact entry. */
export type DiffFields = Pick<SiteReport, 'target' | 'host' | 'verdict' | 'score'>;

/** host + target: the same host reached through another URL is another row. */
function changeKey(site: DiffFields): string {
  return `${site.host ?? ''}\u0000${site.target}`;
}

/** The old side, compact: one small record per site, whatever the size of a site's evidence. */
function indexSites(sites: Iterable<DiffFields>): Map<string, DiffFields> {
  const byKey = new Map<string, DiffFields>();
  for (const site of sites) {
    byKey.set(changeKey(site), {
      target: site.target,
      host: site.host,
      verdict: site.verdict,
      score: site.score,
    });
  }
  return byKey;
}

/** Every site of either side, in the new side's order, then the removed ones; one at a time. */
export function* diffSites(
  oldSites: Iterable<DiffFields>,
  newSites: Iterable<DiffFields>,
): Generator<VerdictChange> {
  const before = indexSites(oldSites);
  const seen = new Set<string>();
  for (const site of newSites) {
    const key = changeKey(site);
    if (seen.has(key)) continue;
    seen.add(key);
    const old = before.get(key);
    yield {
      target: site.target,
      host: site.host,
      old_verdict: old?.verdict ?? null,
      new_verdict: site.verdict,
      old_score: old?.score ?? null,
      new_score: site.score,
      direction: old ? compareVerdicts(old.verdict, site.verdict) : 'added',
    };
  }
  for (const [key, site] of before) {
    if (seen.has(key)) continue;
    yield {
      target: site.target,
      host: site.host,
      old_verdict: site.verdict,
      new_verdict: null,
      old_score: site.score,
      new_score: null,
      direction: 'removed',
    };
  }
}

export function compareVerdicts(before: Verdict, after: Verdict): 'better' | 'worse' | 'same' {
  const delta = VERDICT_RANK[after] - VERDICT_RANK[before];
  return delta > 0 ? 'better' : delta < 0 ? 'worse' : 'same';
}

/** Sites compliant on the old side and worse on the new one (`--baseline`, exit status 3). */
export function* regressedFromCompliant(
  oldSites: Iterable<DiffFields>,
  newSites: Iterable<DiffFields>,
): Generator<VerdictChange> {
  for (const change of diffSites(oldSites, newSites)) {
    if (change.old_verdict === 'compliant' && change.direction === 'worse') yield change;
  }
}

const HEADER = ['change', 'old verdict', 'new verdict', 'old score', 'new score', 'target'];
const DIRECTIONS: readonly ChangeDirection[] = ['worse', 'better', 'added', 'removed', 'same'];

/** Widths fit every verdict word and score, so rows can be printed as they come. */
const WIDTHS = [
  Math.max(...['change', ...DIRECTIONS].map((word) => word.length)),
  Math.max('old verdict'.length, ...Object.keys(VERDICT_RANK).map((word) => word.length)),
  Math.max('new verdict'.length, ...Object.keys(VERDICT_RANK).map((word) => word.length)),
  'old score'.length,
  'new score'.length,
];

function tableLine(cells: readonly string[]): string {
  return cells
    .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(WIDTHS[column] ?? 0)))
    .join('  ');
}

/**
 * A plain text table of the given changes (callers drop 'same' rows unless asked for all), then a
 * count per direction, as chunks of text to write one after another. The target is the last
 * column so that wide (Chinese) names do not break the alignment.
 */
export function* formatDiff(changes: Iterable<VerdictChange>): Generator<string> {
  const counts = new Map<ChangeDirection, number>(DIRECTIONS.map((direction) => [direction, 0]));
  let rows = 0;
  for (const change of changes) {
    if (rows === 0) yield `${tableLine(HEADER)}\n`;
    rows += 1;
    counts.set(change.direction, (counts.get(change.direction) ?? 0) + 1);
    yield `${tableLine([
      change.direction,
      change.old_verdict ?? '-',
      change.new_verdict ?? '-',
      change.old_score === null ? '-' : String(change.old_score),
      change.new_score === null ? '-' : String(change.new_score),
      change.target,
    ])}\n`;
  }
  if (rows === 0) {
    yield 'no verdict changed\n';
    return;
  }
  yield `${DIRECTIONS.map((direction) => `${counts.get(direction) ?? 0} ${direction}`).join(', ')}\n`;
}
