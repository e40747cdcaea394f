import { REPORT_SCHEMA, type Report, type ReportOptions, type SiteReport } from './report-types.ts';
import { buildSummary } from './summary.ts';

export interface ReportParts {
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  options: ReportOptions;
  sites: readonly SiteReport[];
}

/** The whole report: sites in input order and a summary computed from them. */
export function buildReport(parts: ReportParts): Report {
  const sites = sortSitesByIndex(parts.sites);
  return {
    schema: REPORT_SCHEMA,
    tool: { ...parts.tool },
    started_at: parts.startedAt,
    finished_at: parts.finishedAt,
    options: parts.options,
    summary: buildSummary(sites),
    sites,
  };
}

/** Input order, whatever order the sites finished in (SPEC "Reports"). */
export function sortSitesByIndex(sites: readonly SiteReport[]): SiteReport[] {
  return [...sites].sort(
    (left, right) =>
      left.index - right.index || (left.target < right.target ? -1 : +(left.target > right.target)),
  );
}
