/** Reading v6ready's report.json and report.csv (SPEC "Reports") for the scenario assertions. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../../src/report/report-types.ts';

export interface CsvTable {
  /** The first line had a UTF-8 byte order mark. */
  hasBom: boolean;
  header: string[];
  rows: Record<string, string>[];
}

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

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): CsvTable {
  const hasBom = text.startsWith('\uFEFF');
  const body = hasBom ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[index + 1] === '\n') index++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...dataRows] = records;
  const rows = dataRows.map((cells) =>
    Object.fromEntries(header.map((column, columnIndex) => [column, cells[columnIndex] ?? ''])),
  );
  return { hasBom, header, rows };
}

export interface ReportFiles {
  report: Report | null;
  csv: CsvTable | null;
}

export function readReportFiles(outDir: string): ReportFiles {
  const jsonFile = join(outDir, 'report.json');
  const csvFile = join(outDir, 'report.csv');
  return {
    report: existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as Report) : null,
    csv: existsSync(csvFile) ? parseCsv(readFileSync(csvFile, 'utf8')) : null,
  };
}
