import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/checks/check-table.ts';
import { CSV_COLUMNS, csvCell, toCsv } from '../../src/report/csv.ts';
import { readCsvTable } from '../support/csv-table.ts';
import { SPEC_CSV_COLUMNS } from '../support/spec-report.ts';
import { siteReport } from './report-builders.ts';

/** Header and data rows as cells, read back with an RFC 4180 reader written apart. */
function parseCsv(text: string): string[][] {
  const table = readCsvTable(text);
  return [table.header, ...table.cells];
}

describe('report.csv', () => {
  it('has the columns of SPEC in SPEC order', () => {
    expect(CSV_COLUMNS).toEqual(SPEC_CSV_COLUMNS);
  });

  it('takes its check columns from the check table', () => {
    const first = CSV_COLUMNS.indexOf(CHECK_IDS[0]);
    expect(CSV_COLUMNS.slice(first, first + CHECK_IDS.length)).toEqual([...CHECK_IDS]);
  });

  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    const csv = toCsv([siteReport()]);
    expect(csv.startsWith('\uFEFFtarget,host,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3);
    expect(csv.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('writes one row per site with statuses and figures in their columns', () => {
    const site = siteReport({ index: 3, host: 'gov.example.cn', score: 87, verdict: 'partial' });
    site.checks.web_same = {
      status: 'warn',
      summary: 'pages differ',
      summary_code: 'no_mx' as const,
      summary_params: {},
    };
    const [header, row] = parseCsv(toCsv([site]).slice(1));
    const cells = Object.fromEntries((header ?? []).map((column, at) => [column, row?.[at]]));
    expect(cells).toMatchObject({
      target: 'gov.example.cn',
      host: 'gov.example.cn',
      category: 'government',
      rank: '',
      verdict: 'partial',
      score: '87',
      dns_aaaa: 'pass',
      web_same: 'warn',
      aaaa: '2001:db8::10',
      a: '203.0.113.10',
      v6_status: '200',
      v4_status: '200',
      v6_ttfb_ms: '20',
      v4_ttfb_ms: '18',
      similarity: '0.988',
      l2_ratio: '0.5',
      l3_ratio: '',
      scanned_at: '2025-07-01T08:00:05.000Z',
    });
  });

  it('quotes cells with a comma, a quote, CR or LF and reads back the same text', () => {
    const site = siteReport({
      name: 'Office, "North"\r\nbranch',
      owner: 'line\nbreak',
      reasons: ['no AAAA', 'links fail, 3 of 5'],
    });
    const text = toCsv([site]);
    expect(text).toContain('"Office, ""North""\r\nbranch"');
    const [header, row] = parseCsv(text.slice(1));
    const cell = (column: string): string | undefined => row?.[(header ?? []).indexOf(column)];
    expect(cell('name')).toBe('Office, "North"\r\nbranch');
    expect(cell('owner')).toBe('line\nbreak');
    expect(cell('reasons')).toBe('no AAAA;links fail, 3 of 5');
  });

  it('keeps Chinese text as UTF-8 without quoting it', () => {
    const site = siteReport({ name: '市政府门户网站', category: '政务' });
    const text = toCsv([site]);
    expect(text).toContain(',政务,');
    expect(text).toContain(',市政府门户网站,');
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it.each(['=', '+', '-', '@'])('puts a quote before a cell that begins with %s', (start) => {
    const payload = `${start}HYPERLINK("http://evil.example")`;
    expect(csvCell(payload)).toBe(`"'${payload.replaceAll('"', '""')}"`);
    const text = toCsv([siteReport({ name: `${start}1+1` })]);
    expect(text).toContain(`,'${start}1+1,`);
  });

  it('also guards cells that begin with a tab or CR, and leaves inner signs alone', () => {
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('a-b=c')).toBe('a-b=c');
    expect(csvCell('')).toBe('');
  });

  it('writes NUL, escape and other control characters as \\xNN, never raw', () => {
    const text = toCsv([siteReport({ name: 'a\u0000b\u001b[31mred\u007f\u0085' })]);
    expect(text).toContain(',a\\x00b\\x1b[31mred\\x7f\\x85,');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  });

  it('escapes a control character before looking for a formula at the start', () => {
    expect(csvCell('\u0000=1+1')).toBe('\\x00=1+1');
    expect(csvCell('=\u0007')).toBe("'=\\x07");
  });
});
