/** The file names of an output directory (SPEC "Reports"). */
export const REPORT_JSON = 'report.json';
export const REPORT_CSV = 'report.csv';
export const SITES_JSONL = 'sites.jsonl';
export const REPORT_HTML = 'report.html';
export const REPORT_XLSX = 'report.xlsx';
export const SUMMARY_MD = 'summary.md';
/** The options and input a scan measured with, written before its first site (see scan-record.ts). */
export const SCAN_JSON = 'scan.json';

/** Every file a scan writes: what --force replaces and what makes a directory "an earlier scan". */
export const OUTPUT_FILES = [
  REPORT_JSON,
  REPORT_CSV,
  SITES_JSONL,
  SCAN_JSON,
  REPORT_HTML,
  REPORT_XLSX,
  SUMMARY_MD,
] as const;
