/**
 * Writes report.json and report.csv (and, for a scan, the reports for people beside them) by
 * copying sites one at a time in input order from where they lie (sites.jsonl, shard reports): no
 * string or array ever holds every site, so a report of a million sites costs the memory of one
 * site plus the compact entries.
 */
import { readSites } from './read-report.ts';
import type { Report, ReportHeader } from './report-types.ts';
import { writeReportFormats, type RenderOptions } from './report-writers.ts';
import { FinishedSites } from './finished-sites.ts';
import { compareEntries, siteEntry, type SiteEntry } from './site-entry.ts';
import { buildSummary } from './summary.ts';

/** The header as the caller knows it; sites_done and the summary are counted from the entries. */
export type ReportHeading = Omit<ReportHeader, 'summary' | 'sites_done'>;

/** The header as written, and the entries in the order of report.json (readSites reads them). */
export interface WrittenReport {
  header: ReportHeader;
  entries: Iterable<SiteEntry>;
}

/**
 * Writes report.json and report.csv, plus the files of `alsoWrite` (report.html, report.xlsx,
 * summary.md) in the same pass, so each site is read once for all of them.
 */
export async function writeReportFiles(
  outDir: string,
  heading: ReportHeading,
  entries: readonly SiteEntry[] | FinishedSites,
  alsoWrite: RenderOptions = { formats: [] },
): Promise<WrittenReport> {
  // A scan's compact record makes its entries one at a time; an array is sorted as it is.
  const ordered =
    entries instanceof FinishedSites ? entries.inInputOrder() : [...entries].sort(compareEntries);
  const { merged_from: mergedFrom, ...rest } = heading;
  const header: ReportHeader = {
    ...rest,
    sites_done: entries instanceof FinishedSites ? entries.size : entries.length,
    summary: buildSummary(ordered),
    ...(mergedFrom ? { merged_from: mergedFrom } : {}),
  };
  await writeReportFormats(outDir, header, readSites({ entries: ordered }), {
    ...alsoWrite,
    formats: ['json', 'csv', ...alsoWrite.formats],
  });
  return { header, entries: ordered };
}

/** A report held in memory (tests, a handful of sites) written through the same writer. */
export async function writeReports(outDir: string, report: Report): Promise<ReportHeader> {
  const { sites, summary: _summary, sites_done: _done, ...heading } = report;
  const written = await writeReportFiles(
    outDir,
    heading,
    sites.map((site) => siteEntry(site, { site })),
  );
  return written.header;
}
