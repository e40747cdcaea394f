/** The file names of an output directory (SPEC "Reports"). */
export const REPORT_JSON = 'report.json';
export const REPORT_CSV = 'report.csv';
export const SITES_JSONL = 'sites.jsonl';
export const REPORT_HTML = 'report.html';
export const REPORT_XLSX = 'report.xlsx';
export const SUMMARY_MD = 'summary.md';
