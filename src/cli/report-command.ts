import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '../i18n/terms.ts';
import { termsFor } from '../i18n/render.ts';
import { CSV_HEADER, csvLine } from '../report/csv.ts';
import { writeHumanReports } from '../report/human-reports.ts';
import { openReport, readSites, type OpenedReport } from '../report/read-report.ts';
import { REPORT_CSV } from '../report/report-files.ts';
import { HUMAN_FORMATS, type HumanFormat, type ReportFormat } from '../report/report-formats.ts';
import { writeThroughTemporaryFile } from '../report/write-atomically.ts';
import { UserError } from '../user-error.ts';

export interface ReportFlags {
  format: ReportFormat[];
  lang: Language;
  baseline?: string;
  out: string;
}

/**
 * `v6ready report REPORT.json`: renders a saved (or merged) report again, without scanning. The
 * sites are read one at a time through openReport/readSites, as a scan's own reports are.
 */
export async function runReportCommand(file: string, flags: ReportFlags): Promise<number> {
  const report = await openOrRefuse(file, 'REPORT.json');
  const baseline = flags.baseline ? await openOrRefuse(flags.baseline, '--baseline') : undefined;
  for (const opened of [report, baseline]) {
    if (opened && !opened.header.complete) {
      process.stderr.write(
        `v6ready: warning: ${opened.path} is partial: ${opened.header.sites_done} of ` +
          `${opened.header.sites_total} sites; the reports show only those\n`,
      );
    }
  }
  const formats = flags.format.length > 0 ? [...new Set(flags.format)] : [...HUMAN_FORMATS];
  const written = await writeHumanReports(flags.out, report.header, () => readSites(report), {
    formats: formats.filter((format): format is HumanFormat => format !== 'csv'),
    terms: termsFor(flags.lang),
    ...(baseline ? { baseline: baseline.header } : {}),
  });
  if (formats.includes('csv')) {
    await mkdir(flags.out, { recursive: true });
    const csvFile = join(flags.out, REPORT_CSV);
    await writeThroughTemporaryFile(csvFile, async (temporary) => {
      await temporary.writer.write(CSV_HEADER);
      for await (const site of readSites(report)) await temporary.writer.write(csvLine(site));
    });
    written.push(csvFile);
  }
  process.stderr.write(`v6ready: wrote ${written.join(', ')}\n`);
  return 0;
}

async function openOrRefuse(file: string, what: string): Promise<OpenedReport> {
  try {
    return await openReport(file);
  } catch (error) {
    throw new UserError(`${what}: ${(error as Error).message}`);
  }
}
