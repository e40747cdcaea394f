import { parseCsvRows, type CsvRow } from './csv-rows.ts';
import type { TargetMeta } from './target.ts';

/** One target as written in an input, before it is parsed. */
export interface InputEntry {
  input: string;
  meta: TargetMeta;
  /** Where it came from ("hosts.csv line 4"), for the reason of an invalid row. */
  location: string | null;
  /** Something wrong with the row itself (a bad rank, an empty target cell). */
  problem: string | null;
}

export type InputFormat = 'text' | 'csv' | 'tranco';

const TARGET_COLUMNS = ['target', 'url', 'domain'] as const;
const NO_META: TargetMeta = { category: null, owner: null, name: null, rank: null };

/** Reads the targets of one input, recognising plain text, CSV with a header, or Tranco. */
export function entriesFromText(text: string, sourceName: string): InputEntry[] {
  const format = detectFormat(text);
  if (format === 'text') return entriesFromPlainText(text, sourceName);
  const rows = parseCsvRows(text).filter((row) => !isSkippedRow(row));
  if (format === 'tranco') return rows.map((row) => entryFromTrancoRow(row, sourceName));
  const [header, ...body] = rows;
  if (header === undefined) return [];
  const columns = headerColumns(header.fields);
  return body.map((row) => entryFromCsvRow(row, columns, sourceName));
}

export function detectFormat(text: string): InputFormat {
  const firstLine = text
    .split(/\r\n|\n|\r/)
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'));
  if (firstLine === undefined) return 'text';
  const firstRow = parseCsvRows(firstLine)[0]?.fields ?? [];
  const cells = firstRow.map((cell) => cell.trim().toLowerCase());
  if (cells.some((cell) => isTargetColumn(cell))) return 'csv';
  if (firstRow.length >= 2 && /^[0-9]+$/.test(cells[0] ?? '')) return 'tranco';
  // Anything else is one target per line; a stray comma then makes that line invalid, visibly.
  return 'text';
}

function entriesFromPlainText(text: string, sourceName: string): InputEntry[] {
  const entries: InputEntry[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, lineIndex) => {
    // "#" after white space starts a comment; "#" inside a URL is a fragment.
    const input = line.replace(/(^|\s)#.*$/, '').trim();
    if (input === '') return;
    entries.push({
      input,
      meta: NO_META,
      location: `${sourceName} line ${lineIndex + 1}`,
      problem: input.includes(',')
        ? 'the line contains a comma: a CSV file needs a header row with a target, domain or url column'
        : null,
    });
  });
  return entries;
}

interface Columns {
  target: number;
  category: number;
  owner: number;
  name: number;
  rank: number;
}

function headerColumns(header: string[]): Columns {
  const names = header.map((cell) => cell.trim().toLowerCase());
  // When a file has several of them, "target" is the most deliberate choice, then "url".
  const targetColumn = TARGET_COLUMNS.find((column) => names.includes(column)) ?? 'target';
  return {
    target: names.indexOf(targetColumn),
    category: names.indexOf('category'),
    owner: names.indexOf('owner'),
    name: names.indexOf('name'),
    rank: names.indexOf('rank'),
  };
}

function entryFromCsvRow(row: CsvRow, columns: Columns, sourceName: string): InputEntry {
  const rankText = cell(row, columns.rank) ?? '';
  const rank = parseRank(rankText);
  const input = cell(row, columns.target) ?? '';
  return {
    input,
    meta: {
      category: cell(row, columns.category),
      owner: cell(row, columns.owner),
      name: cell(row, columns.name),
      rank: rank ?? null,
    },
    location: `${sourceName} line ${row.line}`,
    problem:
      input === ''
        ? 'the target cell is empty'
        : rank === undefined
          ? `the rank "${rankText}" is not a whole number above 0`
          : null,
  };
}

function entryFromTrancoRow(row: CsvRow, sourceName: string): InputEntry {
  const rankText = row.fields[0]?.trim() ?? '';
  const rank = parseRank(rankText);
  const input = row.fields[1]?.trim() ?? '';
  return {
    input,
    meta: { ...NO_META, rank: rank ?? null },
    location: `${sourceName} line ${row.line}`,
    problem:
      input === ''
        ? 'no domain after the rank'
        : rank === undefined || rank === null
          ? `the rank "${rankText}" is not a whole number above 0`
          : null,
  };
}

/** null for no rank, undefined for a rank that is not a number. */
function parseRank(text: string): number | null | undefined {
  if (text === '') return null;
  if (!/^[0-9]+$/.test(text)) return undefined;
  const rank = Number(text);
  return rank >= 1 && Number.isSafeInteger(rank) ? rank : undefined;
}

function cell(row: CsvRow, column: number): string | null {
  if (column < 0) return null;
  const value = row.fields[column]?.trim() ?? '';
  return value === '' ? null : value;
}

function isSkippedRow(row: CsvRow): boolean {
  const first = row.fields[0]?.trim() ?? '';
  return first.startsWith('#') || row.fields.every((field) => field.trim() === '');
}

function isTargetColumn(cell: string): boolean {
  return (TARGET_COLUMNS as readonly string[]).includes(cell);
}
