/** Reading v6ready's report.json and report.csv (SPEC "Reports") for the scenario assertions. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../../src/report/report-types.ts';
import { readCsvTable, type CsvTable } from '../../support/csv-table.ts';

export type { CsvTable };

/** The column order the SPEC fixes for report.csv. */
export const SPEC_CSV_COLUMNS = [
  'target',
  'host',
  'category',
  'owner',
  'name',
  'rank',
  'verdict',
  'score',
  'dns_aaaa',
  'dns_a',
  'ns_aaaa',
  'ns_reach6',
  'web_tcp6',
  'web_http6',
  'web_same',
  'web_latency6',
  'links_l2',
  'links_l3',
  'mx_aaaa',
  'mx_reach6',
  'aaaa',
  'a',
  'v6_status',
  'v4_status',
  'v6_ttfb_ms',
  'v4_ttfb_ms',
  'similarity',
  'l2_ratio',
  'l3_ratio',
  'reasons',
  'scanned_at',
] as const;

export interface ReportFiles {
  report: Report | null;
  csv: CsvTable | null;
}

export function readReportFiles(outDir: string): ReportFiles {
  const jsonFile = join(outDir, 'report.json');
  const csvFile = join(outDir, 'report.csv');
  return {
    report: existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as Report) : null,
    csv: existsSync(csvFile) ? readCsvTable(readFileSync(csvFile, 'utf8')) : null,
  };
}
