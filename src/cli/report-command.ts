import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Language } from '../i18n/terms.ts';
import { termsFor } from '../i18n/render.ts';
import { toCsv } from '../report/csv.ts';
import { sortSitesByIndex } from '../report/build-report.ts';
import { HUMAN_FORMATS, writeHumanReports, type HumanFormat } from '../report/human-reports.ts';
import { readReport } from '../report/read-report.ts';
import { REPORT_CSV } from '../report/report-files.ts';
import type { Report } from '../report/report-types.ts';
import { UsageError } from './parse-flags.ts';

export const REPORT_FORMATS = [...HUMAN_FORMATS, 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportFlags {
  format: ReportFormat[];
  lang: Language;
  baseline?: string;
  out: string;
}

/** `v6ready report REPORT.json`: renders a saved (or merged) report again, without scanning. */
export async function runReportCommand(file: string, flags: ReportFlags): Promise<number> {
  const report = await readOrUsage(file, 'REPORT.json');
  const baseline = flags.baseline ? await readOrUsage(flags.baseline, '--baseline') : undefined;
  const sites = sortSitesByIndex(report.sites);
  const { sites: _sites, ...header } = report;
  const formats = flags.format.length > 0 ? [...new Set(flags.format)] : [...HUMAN_FORMATS];
  const written = await writeHumanReports(flags.out, header, () => sites, {
    formats: formats.filter((format): format is HumanFormat => format !== 'csv'),
    terms: termsFor(flags.lang),
    ...(baseline ? { baseline } : {}),
  });
  if (formats.includes('csv')) {
    await mkdir(flags.out, { recursive: true });
    const csvFile = join(flags.out, REPORT_CSV);
    await writeFile(csvFile, toCsv(sites), 'utf8');
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
      throw new UsageError(`--format ${format}: must be one of ${REPORT_FORMATS.join(', ')}`);
    }
  }
  return [...previous, ...(given as ReportFormat[])];
}

async function readOrUsage(file: string, what: string): Promise<Report> {
  try {
    return await readReport(file);
  } catch (error) {
    throw new UsageError(`${what} ${file}: ${(error as Error).message}`);
  }
}
