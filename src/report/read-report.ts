import { readFile } from 'node:fs/promises';
import { REPORT_SCHEMA, type Report } from './report-types.ts';
import { isSiteReport } from './sites-jsonl.ts';

/** Reads a report.json (for diff, --baseline and merge), refusing another schema. */
export async function readReport(path: string): Promise<Report> {
  return parseReport(path, await readFile(path, 'utf8'));
}

export function parseReport(path: string, text: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not JSON (${(error as Error).message})`);
  }
  const report = value as Partial<Report> | null;
  if (typeof report !== 'object' || report === null) throw new Error(`${path}: not a report`);
  if (report.schema !== REPORT_SCHEMA) {
    // Merging another schema would silently mix fields that mean different things.
    throw new Error(
      `${path}: schema ${JSON.stringify(report.schema)} differs from ${JSON.stringify(REPORT_SCHEMA)}`,
    );
  }
  if (!Array.isArray(report.sites) || !report.sites.every(isSiteReport)) {
    throw new Error(`${path}: sites is not a list of site objects`);
  }
  if (typeof report.options !== 'object' || report.options === null) {
    throw new Error(`${path}: options missing`);
  }
  return report as Report;
}
