import type { Language } from '../i18n/terms.ts';
import { termsFor } from '../i18n/render.ts';
import { openReport, readSites, type OpenedReport } from '../report/read-report.ts';
import { HUMAN_FORMATS, type ReportFormat } from '../report/report-formats.ts';
import { writeReportFormats } from '../report/report-writers.ts';
import { UserError } from '../user-error.ts';

export interface ReportFlags {
  format: ReportFormat[];
  lang: Language;
  baseline?: string;
  out: string;
}

/**
 * `v6ready report REPORT.json`: renders a saved (or merged) report again, without scanning. The
 * sites are read one at a time through openReport/readSites, in one pass for every format asked.
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
  // report.csv last, as the list of written files has always named it.
  const ordered = [
    ...formats.filter((format) => format !== 'csv'),
    ...formats.filter((format) => format === 'csv'),
  ];
  const written = await writeReportFormats(flags.out, report.header, readSites(report), {
    formats: ordered,
    terms: termsFor(flags.lang),
    ...(baseline ? { baseline: baseline.header } : {}),
  });
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
