import { describe, expect, it } from 'vitest';
import { CsvRowReader, MAX_ROW_LINES, parseCsvRows } from '../../src/targets/csv-rows.ts';

describe('parseCsvRows', () => {
  it('a quoted field keeps its commas, doubled quotes and line breaks', () => {
    const rows = parseCsvRows('a,"b, ""c""\nd",e\r\nf,g\n');
    expect(rows).toEqual([
      { fields: ['a', 'b, "c"\nd', 'e'], line: 1 },
      { fields: ['f', 'g'], line: 3 },
    ]);
  });

  it('CRLF, LF and lone CR each end a row', () => {
    expect(parseCsvRows('a\r\nb\nc\rd').map((row) => row.fields)).toEqual([
      ['a'],
      ['b'],
      ['c'],
      ['d'],
    ]);
  });

  it('empty fields and an empty quoted field are kept', () => {
    expect(parseCsvRows('a,,"",b')[0]?.fields).toEqual(['a', '', '', 'b']);
  });

  it("an unclosed quote is its own line's row, and the lines after it are read afresh", () => {
    expect(parseCsvRows('a,"b,c\nd,e\nf')).toEqual([
      { fields: ['a', 'b,c'], line: 1 },
      { fields: ['d', 'e'], line: 2 },
      { fields: ['f'], line: 3 },
    ]);
  });
});

describe('CsvRowReader', () => {
  it('a quoted cell may span lines, up to the bound', () => {
    const reader = new CsvRowReader();
    const rows = [
      ...reader.push({ text: 'www.example.cn,"Bureau', line: 1, end: '\n' }),
      ...reader.push({ text: 'North District",x', line: 2, end: '\n' }),
      ...reader.end(),
    ];
    expect(rows).toEqual([{ fields: ['www.example.cn', 'Bureau\nNorth District', 'x'], line: 1 }]);
  });

  it(`a quote still open after ${MAX_ROW_LINES} lines is that line's error; the rest are rows`, () => {
    const reader = new CsvRowReader();
    const rows = [];
    rows.push(...reader.push({ text: 'bad.example.com,"Bureau', line: 1, end: '\n' }));
    for (let line = 2; line <= MAX_ROW_LINES + 5; line += 1) {
      rows.push(...reader.push({ text: `site${line}.example.com,Owner ${line}`, line, end: '\n' }));
    }
    rows.push(...reader.end());
    expect(rows[0]).toEqual({ unclosedQuote: 'bad.example.com,"Bureau', line: 1 });
    expect(rows.slice(1)).toHaveLength(MAX_ROW_LINES + 4);
    expect(rows[1]).toEqual({ fields: ['site2.example.com', 'Owner 2'], line: 2 });
  });
});

describe('parseCsvRows: line breaks in quoted cells', () => {
  it('a quoted cell keeps CRLF, LF and CR exactly as written', () => {
    expect(parseCsvRows('"a\r\nb","c\nd","e\rf"\r\ng\r\n')).toEqual([
      { fields: ['a\r\nb', 'c\nd', 'e\rf'], line: 1 },
      { fields: ['g'], line: 5 },
    ]);
  });
});
