import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '../i18n/terms.ts';
import { termsFor } from '../i18n/render.ts';
import { CSV_HEADER, csvLine } from '../report/csv.ts';
import { HUMAN_FORMATS, writeHumanReports, type HumanFormat } from '../report/human-reports.ts';
import { openReport, readSites, type OpenedReport } from '../report/read-report.ts';
import { partialNote } from '../report/report-completeness.ts';
import { REPORT_CSV } from '../report/report-files.ts';
import { writeThroughTemporaryFile } from '../report/write-atomically.ts';
import { UserError } from '../user-error.ts';

export const REPORT_FORMATS = [...HUMAN_FORMATS, 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

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
  for (const [role, opened] of [
    ['REPORT.json', report],
    ['--baseline', baseline],
  ] as const) {
    const note = opened ? partialNote(role, opened) : null;
    if (note !== null) process.stderr.write(`v6ready: warning: ${note}\n`);
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

/** The formats of `--format html,xlsx` (repeatable, comma-separated). */
export function parseFormats(value: string, previous: ReportFormat[] = []): ReportFormat[] {
  const given = value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  for (const format of given) {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UserError(`--format ${format}: must be one of ${REPORT_FORMATS.join(', ')}`);
    }
  }
  return [...previous, ...(given as ReportFormat[])];
}

async function openOrRefuse(file: string, what: string): Promise<OpenedReport> {
  try {
    return await openReport(file);
  } catch (error) {
    throw new UserError(`${what}: ${(error as Error).message}`);
  }
}
