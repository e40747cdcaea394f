import type { GroupSummary, ReportSummary } from './report-types.ts';
import { roundOneDecimal } from './rounding.ts';

/**
 * One owner's or category's figures as the half-yearly filing states them: sites, measured sites
 * (error and unreachable say nothing about IPv6), the compliant share of the measured ones, and
 * the change since the baseline report in percentage points. One definition for summary.md, the
 * HTML overview and the workbook.
 */
export interface GroupShare {
  key: string;
  total: number;
  measured: number;
  compliant: number;
  partial: number;
  nonCompliant: number;
  unreachable: number;
  error: number;
  /** compliant / measured in percent, null with nothing measured. */
  compliantPercent: number | null;
  meanScore: number | null;
  baselinePercent: number | null;
  /** compliantPercent minus baselinePercent, null when either is missing. */
  changePoints: number | null;
}

export function groupShare(
  key: string,
  group: GroupSummary,
  baseline: GroupSummary | undefined,
): GroupShare {
  const counts = group.by_verdict;
  const measured = counts.compliant + counts.partial + counts.non_compliant;
  const compliantPercent = share(counts.compliant, measured);
  const baselinePercent = baseline
    ? share(
        baseline.by_verdict.compliant,
        baseline.by_verdict.compliant +
          baseline.by_verdict.partial +
          baseline.by_verdict.non_compliant,
      )
    : null;
  return {
    key,
    total: group.total,
    measured,
    compliant: counts.compliant,
    partial: counts.partial,
    nonCompliant: counts.non_compliant,
    unreachable: counts.unreachable,
    error: counts.error,
    compliantPercent,
    meanScore: group.mean_score,
    baselinePercent,
    changePoints:
      compliantPercent !== null && baselinePercent !== null
        ? roundOneDecimal(compliantPercent - baselinePercent)
        : null,
  };
}

/** Every owner (or category) of the report, in the report's order (sorted keys). */
export function groupShares(
  groups: Record<string, GroupSummary>,
  baselineGroups: Record<string, GroupSummary> | undefined,
): GroupShare[] {
  return Object.entries(groups).map(([key, group]) =>
    groupShare(key, group, baselineGroups?.[key]),
  );
}

/** The whole report as one group. */
export function overallShare(summary: ReportSummary, baseline?: ReportSummary): GroupShare {
  return groupShare('', summary, baseline);
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : roundOneDecimal((100 * part) / whole);
}
