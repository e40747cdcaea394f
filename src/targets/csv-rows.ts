export interface CsvRow {
  fields: string[];
  /** 1-based line where the row starts, for messages that point at the file. */
  line: number;
}

/**
 * Splits RFC 4180 text into rows: quoted fields may hold commas, doubled quotes and line breaks;
 * CRLF, LF and lone CR all end a row. It is lenient where spreadsheets are sloppy: a quote inside
 * an unquoted field is kept as text, and an unclosed quote runs to the end of the file.
 */
export function parseCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;

  const endRow = (): void => {
    fields.push(field);
    rows.push({ fields, line: rowLine });
    fields = [];
    field = '';
  };

  while (i < text.length) {
    const char = text[i] ?? '';
    if (inQuotes) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) line += 1;
        field += char;
      }
      i += 1;
      continue;
    }
    if (char === '"' && field.trim() === '') {
      // Spaces before an opening quote are dropped, as spreadsheets do.
      field = '';
      inQuotes = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else {
      field += char;
    }
    i += 1;
  }
  if (field !== '' || fields.length > 0 || inQuotes) endRow();
  return rows;
}
