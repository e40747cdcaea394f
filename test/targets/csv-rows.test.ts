import { describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../src/targets/csv-rows.ts';

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
