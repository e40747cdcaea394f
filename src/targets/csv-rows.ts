import type { InputLine } from './input-lines.ts';

export interface CsvRow {
  fields: string[];
  /** 1-based line where the row starts, for messages that point at the file. */
  line: number;
}

/** A line whose opening quote is never closed: reported on its own, the next lines read afresh. */
export interface UnclosedQuoteRow {
  unclosedQuote: string;
  line: number;
}

/** Lines one quoted field may span; a spreadsheet cell with line breaks stays well within it. */
export const MAX_ROW_LINES = 20;

/**
 * Assembles RFC 4180 rows from lines, one line at a time: quoted fields may hold commas, doubled
 * quotes and line breaks. It is lenient where spreadsheets are sloppy (a quote inside an unquoted
 * field is kept as text), but a quote still open after MAX_ROW_LINES lines or at the end of the
 * input is that line's own mistake: it becomes an UnclosedQuoteRow and the lines after it are
 * read again as rows of their own, so one stray quote cannot swallow the rest of a file.
 */
export class CsvRowReader {
  private pending: InputLine[] = [];

  push(line: InputLine): (CsvRow | UnclosedQuoteRow)[] {
    this.pending.push(line);
    // Each line keeps its own break, so a quoted cell reads back exactly as written.
    const record = parseCsvRecord(
      this.pending
        .map((part, at) => (at < this.pending.length - 1 ? part.text + part.end : part.text))
        .join(''),
    );
    if (record.closed) {
      const row = { fields: record.fields, line: this.pending[0]?.line ?? line.line };
      this.pending = [];
      return [row];
    }
    return this.pending.length < MAX_ROW_LINES ? [] : this.giveUpFirstLine();
  }

  /** The rows still open when the input ends. */
  end(): (CsvRow | UnclosedQuoteRow)[] {
    const rows: (CsvRow | UnclosedQuoteRow)[] = [];
    while (this.pending.length > 0) {
      for (const row of this.giveUpFirstLine()) rows.push(row);
    }
    return rows;
  }

  private giveUpFirstLine(): (CsvRow | UnclosedQuoteRow)[] {
    const [first, ...rest] = this.pending;
    this.pending = [];
    if (first === undefined) return [];
    const rows: (CsvRow | UnclosedQuoteRow)[] = [{ unclosedQuote: first.text, line: first.line }];
    for (const line of rest) {
      for (const row of this.push(line)) rows.push(row);
    }
    return rows;
  }
}

/** The fields of one record; `closed` is false when a quoted field is still open at the end. */
export function parseCsvRecord(text: string): { fields: string[]; closed: boolean } {
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if (inQuotes) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else inQuotes = false;
    } else if (char === '"' && field.trim() === '') {
      // Spaces before an opening quote are dropped, as spreadsheets do.
      field = '';
      inQuotes = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return { fields, closed: !inQuotes };
}

/**
 * Every row of a whole CSV text, read as CsvRowReader reads an input (tests read reports back
 * with it); a line whose quote is never closed stays one row of its own, its fields read as far
 * as they go.
 */
export function parseCsvRows(text: string): CsvRow[] {
  const reader = new CsvRowReader();
  const rows: CsvRow[] = [];
  const keep = (row: CsvRow | UnclosedQuoteRow): void => {
    rows.push(
      'unclosedQuote' in row
        ? { fields: parseCsvRecord(row.unclosedQuote).fields, line: row.line }
        : row,
    );
  };
  // Split with the breaks kept: odd items are the breaks that end the even ones.
  const parts = text.split(/(\r\n|\n|\r)/);
  for (let at = 0; at < parts.length; at += 2) {
    const line = parts[at] ?? '';
    const end = parts[at + 1] ?? '';
    // A final line break ends the last row; it does not start an empty one.
    if (line === '' && end === '') break;
    reader.push({ text: line, line: at / 2 + 1, end }).forEach(keep);
  }
  reader.end().forEach(keep);
  return rows;
}
