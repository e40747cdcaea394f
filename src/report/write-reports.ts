/**
 * Writes report.json and report.csv by copying sites one at a time in input order from where they
 * lie (sites.jsonl, shard reports): no string or array ever holds every site, so a report of a
 * million sites costs the memory of one site plus the compact entries.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CSV_HEADER, csvLine } from './csv.ts';
import { REPORT_CSV, REPORT_JSON } from './report-files.ts';
import type { Report, ReportHeader } from './report-types.ts';
import { compareEntries, SiteLoader, siteEntry, type SiteEntry } from './site-entry.ts';
import { buildSummary } from './summary.ts';
import { createTemporaryFile, type TemporaryFile } from './write-atomically.ts';

/** The header as the caller knows it; sites_done and the summary are counted from the entries. */
export type ReportHeading = Omit<ReportHeader, 'summary' | 'sites_done'>;

/** The header as written, and the entries in the order of report.json (readSites reads them). */
export interface WrittenReport {
  header: ReportHeader;
  entries: SiteEntry[];
}

/**
 * Writes both files beside their final names and renames them at the end, so a reader (or an
 * interrupt) never sees half a report.
 */
export async function writeReportFiles(
  outDir: string,
  heading: ReportHeading,
  entries: readonly SiteEntry[],
): Promise<WrittenReport> {
  await mkdir(outDir, { recursive: true });
  const ordered = [...entries].sort(compareEntries);
  const { merged_from: mergedFrom, ...rest } = heading;
  const header: ReportHeader = {
    ...rest,
    sites_done: ordered.length,
    summary: buildSummary(ordered),
    ...(mergedFrom ? { merged_from: mergedFrom } : {}),
  };
  // Key order as SPEC lists it, with the completeness fields beside the options they qualify.
  const { schema, tool, started_at, finished_at, options, complete, sites_done, sites_total } =
    header;
  const headerJson = JSON.stringify(
    {
      schema,
      tool,
      started_at,
      finished_at,
      options,
      complete,
      sites_done,
      sites_total,
      summary: header.summary,
      ...(header.merged_from ? { merged_from: header.merged_from } : {}),
    },
    null,
    2,
  );

  const json = await createTemporaryFile(join(outDir, REPORT_JSON));
  let csv: TemporaryFile | null = null;
  const loader = new SiteLoader();
  try {
    csv = await createTemporaryFile(join(outDir, REPORT_CSV));
    // The header object ends in "\n}"; the sites list goes where that brace was.
    await json.writer.write(headerJson.slice(0, -2));
    await json.writer.write(ordered.length === 0 ? ',\n  "sites": []\n}\n' : ',\n  "sites": [\n');
    await csv.writer.write(CSV_HEADER);
    for (const [position, entry] of ordered.entries()) {
      const site = await loader.load(entry);
      const block = JSON.stringify(site, null, 2).replaceAll('\n', '\n    ');
      const last = position === ordered.length - 1;
      await json.writer.write(`    ${block}${last ? '\n  ]\n}\n' : ',\n'}`);
      await csv.writer.write(csvLine(site));
    }
    await json.commit();
    await csv.commit();
  } catch (error) {
    await json.discard();
    await csv?.discard();
    throw error;
  } finally {
    await loader.close();
  }
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
