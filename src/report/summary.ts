import { VERDICTS, type Verdict } from '../judge/judge-types.ts';
import type { GroupSummary, ReportSummary, SiteReport, VerdictCounts } from './report-types.ts';
import { roundOneDecimal } from './rounding.ts';

/** The by_category / by_owner key of sites that have none. */
export const NO_GROUP_KEY = '(none)';

/**
 * error and unreachable say nothing about IPv6 (bad name, site down), so they are counted but
 * kept out of mean scores and out of the measured share.
 */
const MEASURED_VERDICTS: ReadonlySet<Verdict> = new Set(['non_compliant', 'partial', 'compliant']);

/** What the summary reads of a site: a full site report or a writer's compact entry. */
export type SummaryFields = Pick<SiteReport, 'verdict' | 'score' | 'category' | 'owner'>;

/** Running counts of one group of sites; nothing per site is kept. */
class Tally {
  total = 0;
  measured = 0;
  scoreSum = 0;
  readonly byVerdict: VerdictCounts = emptyCounts();

  add(site: SummaryFields): void {
    this.total += 1;
    this.byVerdict[site.verdict] += 1;
    if (MEASURED_VERDICTS.has(site.verdict)) {
      this.measured += 1;
      this.scoreSum += site.score;
    }
  }

  meanScore(): number | null {
    return this.measured === 0 ? null : roundOneDecimal(this.scoreSum / this.measured);
  }

  group(): GroupSummary {
    return { total: this.total, by_verdict: this.byVerdict, mean_score: this.meanScore() };
  }
}

export function buildSummary(sites: Iterable<SummaryFields>): ReportSummary {
  const all = new Tally();
  const byCategory = new Map<string, Tally>();
  const byOwner = new Map<string, Tally>();
  for (const site of sites) {
    all.add(site);
    tallyOf(byCategory, site.category).add(site);
    tallyOf(byOwner, site.owner).add(site);
  }
  return {
    total: all.total,
    by_verdict: all.byVerdict,
    by_category: groupSummaries(byCategory),
    by_owner: groupSummaries(byOwner),
    measured: all.measured,
    mean_score: all.meanScore(),
    compliant_percent: percent(all.byVerdict.compliant, all.total),
    measured_compliant_percent: percent(all.byVerdict.compliant, all.measured),
  };
}

function emptyCounts(): VerdictCounts {
  return Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as VerdictCounts;
}

function tallyOf(groups: Map<string, Tally>, key: string | null): Tally {
  const name = key ?? NO_GROUP_KEY;
  let tally = groups.get(name);
  if (!tally) {
    tally = new Tally();
    groups.set(name, tally);
  }
  return tally;
}

/** Sorted keys, so the same sites give the same JSON whatever order they came in. */
function groupSummaries(groups: Map<string, Tally>): Record<string, GroupSummary> {
  const keys = [...groups.keys()].sort();
  return Object.fromEntries(keys.map((key) => [key, (groups.get(key) as Tally).group()]));
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : roundOneDecimal((100 * part) / whole);
}
