import { CsvRowReader, parseCsvRecord, type CsvRow, type UnclosedQuoteRow } from './csv-rows.ts';
import type { InputLine } from './input-lines.ts';
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

type MetaColumn = 'category' | 'owner' | 'name' | 'rank';

/**
 * Header words, lower-cased, in order of preference: a file with several target columns uses
 * the most deliberate one. The Chinese words are those of the programme's own spreadsheets;
 * 序号 (row number) is deliberately absent: it numbers rows, it does not rank sites.
 */
const TARGET_HEADERS = ['target', 'url', 'domain', '网址', '网站地址', '域名'] as const;
const META_HEADERS: Record<MetaColumn, readonly string[]> = {
  category: ['category', '类别', '分类', '类型'],
  owner: ['owner', '主办单位', '责任单位', '单位'],
  name: ['name', '网站名称', '名称'],
  rank: ['rank', '排名'],
};

const NO_META: TargetMeta = { category: null, owner: null, name: null, rank: null };
const COMMA_PROBLEM =
  'the line contains a comma: a CSV file needs a header row with a target, domain or url column';
const UNCLOSED_QUOTE_PROBLEM = 'a quote opened on this line is never closed';

/**
 * Reads the targets of one input line by line, recognising plain text, CSV with a header, or
 * Tranco from its first line that is neither blank nor a comment. Holds at most one CSV row.
 */
export async function* entriesFromLines(
  lines: AsyncIterable<InputLine>,
  sourceName: string,
): AsyncGenerator<InputEntry> {
  let format: InputFormat | null = null;
  const csv = new CsvRowReader();
  let columns: Columns | null = null;
  const fromRow = (row: CsvRow | UnclosedQuoteRow): InputEntry | null => {
    const location = `${sourceName} line ${row.line}`;
    if ('unclosedQuote' in row) {
      return {
        input: row.unclosedQuote.trim(),
        meta: NO_META,
        location,
        problem: UNCLOSED_QUOTE_PROBLEM,
      };
    }
    if (isSkippedRow(row)) return null;
    if (format === 'tranco') return entryFromTrancoRow(row, location);
    if (columns === null) {
      columns = headerColumns(row.fields);
      return null;
    }
    return entryFromCsvRow(row, columns, location);
  };

  for await (const line of lines) {
    if (format === null) {
      if (isBlankOrComment(line.text)) continue;
      format = detectFormat(line.text);
    }
    if (format === 'text') {
      const entry = entryFromTextLine(line, sourceName);
      if (entry !== null) yield entry;
      continue;
    }
    for (const row of csv.push(line)) {
      const entry = fromRow(row);
      if (entry !== null) yield entry;
    }
  }
  for (const row of csv.end()) {
    const entry = fromRow(row);
    if (entry !== null) yield entry;
  }
}

/** The format an input's first line that is neither blank nor a comment says it has. */
export function detectFormat(firstLine: string): InputFormat {
  const fields = parseCsvRecord(firstLine.trim()).fields;
  const cells = fields.map((cell) => cell.trim().toLowerCase());
  if (cells.some((cell) => isTargetHeader(cell))) return 'csv';
  if (fields.length >= 2 && /^[0-9]+$/.test(cells[0] ?? '')) return 'tranco';
  // Anything else is one target per line; a stray comma then makes that line invalid, visibly.
  return 'text';
}

function entryFromTextLine(line: InputLine, sourceName: string): InputEntry | null {
  // "#" after white space starts a comment; "#" inside a URL is a fragment.
  const input = line.text.replace(/(^|\s)#.*$/, '').trim();
  if (input === '') return null;
  return {
    input,
    meta: NO_META,
    location: `${sourceName} line ${line.line}`,
    problem: looksLikeCsv(input) ? COMMA_PROBLEM : null,
  };
}

/**
 * A comma in the host part of a line without a scheme ("www.x.cn,Bureau") means a CSV row; a
 * comma in a URL ("https://x.cn/a,b", "data:text/plain,hi") is the URL's own and is judged as one.
 */
function looksLikeCsv(input: string): boolean {
  return /^[^/?#]*,/.test(input) && !/^[a-z][a-z0-9+.-]*:/i.test(input);
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
  const targetHeader = TARGET_HEADERS.find((word) => names.includes(word)) ?? 'target';
  const columnOf = (words: readonly string[]): number => {
    const word = words.find((candidate) => names.includes(candidate));
    return word === undefined ? -1 : names.indexOf(word);
  };
  return {
    target: names.indexOf(targetHeader),
    category: columnOf(META_HEADERS.category),
    owner: columnOf(META_HEADERS.owner),
    name: columnOf(META_HEADERS.name),
    rank: columnOf(META_HEADERS.rank),
  };
}

function entryFromCsvRow(row: CsvRow, columns: Columns, location: string): InputEntry {
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
    location,
    problem:
      input === ''
        ? 'the target cell is empty'
        : rank === undefined
          ? `the rank "${rankText}" is not a whole number above 0`
          : null,
  };
}

function entryFromTrancoRow(row: CsvRow, location: string): InputEntry {
  const rankText = row.fields[0]?.trim() ?? '';
  const rank = parseRank(rankText);
  const input = row.fields[1]?.trim() ?? '';
  return {
    input,
    meta: { ...NO_META, rank: rank ?? null },
    location,
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

function isBlankOrComment(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

function isTargetHeader(cell: string): boolean {
  return (TARGET_HEADERS as readonly string[]).includes(cell);
}
