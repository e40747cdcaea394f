import { parseCsvRows } from '../../src/targets/csv-rows.ts';

export interface CsvTable {
  hasBom: boolean;
  header: string[];
  /** Data rows as objects keyed by header. */
  rows: Record<string, string>[];
  /** Data rows as cells, in column order. */
  cells: string[][];
}

/**
 * Reads report.csv text back for assertions, with the RFC 4180 reader of the targets stage: a
 * reader written apart from the report writer, so a quoting bug in one is not hidden by the other.
 */
export function readCsvTable(text: string): CsvTable {
  const hasBom = text.startsWith('\uFEFF');
  const rows = parseCsvRows(hasBom ? text.slice(1) : text)
    .map((row) => row.fields)
    .filter((fields) => !(fields.length === 1 && fields[0] === ''));
  const [header = [], ...cells] = rows;
  return {
    hasBom,
    header,
    cells,
    rows: cells.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? '']))),
  };
}
