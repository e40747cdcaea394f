/** Reading v6ready's report.json and report.csv (SPEC "Reports") for the scenario assertions. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../../src/report/report-types.ts';
import { readCsvTable, type CsvTable } from '../../support/csv-table.ts';
import { SPEC_CSV_COLUMNS } from '../../support/spec-report.ts';

export type { CsvTable };

export { SPEC_CSV_COLUMNS };

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
