/**
 * report.csv (SPEC "Reports", "Safety"): RFC 4180 with CRLF line ends, a UTF-8 BOM so Excel and
 * WPS read Chinese names correctly, and a guard against spreadsheet formulas taken from scanned
 * pages. A writer this small is easier to audit than a dependency.
 */
import { CHECK_IDS, type CheckId } from '../checks/check-table.ts';
import type { SiteReport } from './report-types.ts';

const LEADING_COLUMNS = [
  'target',
  'host',
  'category',
  'owner',
  'name',
  'rank',
  'verdict',
  'score',
] as const;

const TRAILING_COLUMNS = [
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

/** Check columns come from the check table, so a new check gets its column without edits here. */
export const CSV_COLUMNS: readonly string[] = [
  ...LEADING_COLUMNS,
  ...CHECK_IDS,
  ...TRAILING_COLUMNS,
];

const BOM = '\uFEFF';
const LINE_END = '\r\n';
const LIST_SEPARATOR = ';';

/**
 * Characters that make a spreadsheet treat a cell as a formula: SPEC's = + - @, plus tab and CR,
 * which OWASP lists because some spreadsheets skip them before looking for a formula.
 */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Control characters other than tab, CR and LF (which RFC 4180 quoting carries) are written as
 * `\xNN`: a NUL or an escape sequence from a scanned page must not reach a spreadsheet or a
 * terminal raw, and the text still shows what was there.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

function escapeControlCharacters(value: string): string {
  return value.replace(
    CONTROL_CHARACTERS,
    (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** The start of every report.csv: the BOM and the header line. */
export const CSV_HEADER = BOM + CSV_COLUMNS.map(csvCell).join(',') + LINE_END;

/** One site's line, line end included: the streaming writer appends these in input order. */
export function csvLine(site: SiteReport): string {
  return rowValues(site).map(csvCell).join(',') + LINE_END;
}

/** A whole report.csv in memory, for a handful of sites (tests, small tools). */
export function toCsv(sites: readonly SiteReport[]): string {
  return CSV_HEADER + sites.map(csvLine).join('');
}

function rowValues(site: SiteReport): string[] {
  const figures = site.figures;
  const leading: Record<(typeof LEADING_COLUMNS)[number], string> = {
    target: site.target,
    host: site.host ?? '',
    category: site.category ?? '',
    owner: site.owner ?? '',
    name: site.name ?? '',
    rank: optional(site.rank),
    verdict: site.verdict,
    score: String(site.score),
  };
  const trailing: Record<(typeof TRAILING_COLUMNS)[number], string> = {
    aaaa: figures.aaaa.join(LIST_SEPARATOR),
    a: figures.a.join(LIST_SEPARATOR),
    v6_status: optional(figures.v6_status),
    v4_status: optional(figures.v4_status),
    v6_ttfb_ms: optional(figures.v6_ttfb_ms),
    v4_ttfb_ms: optional(figures.v4_ttfb_ms),
    similarity: optional(figures.similarity),
    l2_ratio: optional(figures.l2_ratio),
    l3_ratio: optional(figures.l3_ratio),
    reasons: site.reasons.join(LIST_SEPARATOR),
    scanned_at: site.scanned_at,
  };
  return [
    ...LEADING_COLUMNS.map((column) => leading[column]),
    ...CHECK_IDS.map((id) => checkStatus(site, id)),
    ...TRAILING_COLUMNS.map((column) => trailing[column]),
  ];
}

/** A report written before a check existed has no entry for it: an empty cell, not a crash. */
function checkStatus(site: SiteReport, id: CheckId): string {
  const checks: Partial<Record<CheckId, { status: string }>> = site.checks;
  return checks[id]?.status ?? '';
}

function optional(value: string | number | null): string {
  return value === null ? '' : String(value);
}

/**
 * Control characters escaped, then the formula guard, then RFC 4180 quoting, so the guard's quote
 * sits inside the cell.
 */
export function csvCell(raw: string): string {
  const value = escapeControlCharacters(raw);
  const guarded = FORMULA_STARTS.has(value.charAt(0)) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
