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

export function buildSummary(sites: readonly SiteReport[]): ReportSummary {
  const byVerdict = countVerdicts(sites);
  const measured = sites.filter((site) => MEASURED_VERDICTS.has(site.verdict)).length;
  return {
    total: sites.length,
    by_verdict: byVerdict,
    by_category: summariseGroups(sites, (site) => site.category),
    by_owner: summariseGroups(sites, (site) => site.owner),
    measured,
    mean_score: meanMeasuredScore(sites),
    compliant_percent: percent(byVerdict.compliant, sites.length),
    measured_compliant_percent: percent(byVerdict.compliant, measured),
  };
}

function emptyCounts(): VerdictCounts {
  return Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as VerdictCounts;
}

function countVerdicts(sites: readonly SiteReport[]): VerdictCounts {
  const counts = emptyCounts();
  for (const site of sites) counts[site.verdict] += 1;
  return counts;
}

function summariseGroups(
  sites: readonly SiteReport[],
  groupOf: (site: SiteReport) => string | null,
): Record<string, GroupSummary> {
  const groups = new Map<string, SiteReport[]>();
  for (const site of sites) {
    const key = groupOf(site) ?? NO_GROUP_KEY;
    const members = groups.get(key) ?? [];
    members.push(site);
    groups.set(key, members);
  }
  // Sorted keys, so the same sites give the same JSON whatever order they came in.
  const keys = [...groups.keys()].sort();
  return Object.fromEntries(
    keys.map((key) => {
      const members = groups.get(key) ?? [];
      const summary: GroupSummary = {
        total: members.length,
        by_verdict: countVerdicts(members),
        mean_score: meanMeasuredScore(members),
      };
      return [key, summary];
    }),
  );
}

function meanMeasuredScore(sites: readonly SiteReport[]): number | null {
  const scores = sites.filter((site) => MEASURED_VERDICTS.has(site.verdict)).map((s) => s.score);
  if (scores.length === 0) return null;
  return roundOneDecimal(scores.reduce((sum, score) => sum + score, 0) / scores.length);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : roundOneDecimal((100 * part) / whole);
}
