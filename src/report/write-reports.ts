import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sortSitesByIndex } from './build-report.ts';
import { toCsv } from './csv.ts';
import { REPORT_CSV, REPORT_JSON } from './report-files.ts';
import type { Report } from './report-types.ts';

/**
 * Writes report.json and report.csv into outDir. Each goes to a temporary file first and is then
 * renamed, so a reader (or a killed run) never sees half a report.
 */
export async function writeReports(outDir: string, report: Report): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const ordered: Report = { ...report, sites: sortSitesByIndex(report.sites) };
  await writeAtomically(join(outDir, REPORT_JSON), `${JSON.stringify(ordered, null, 2)}\n`);
  await writeAtomically(join(outDir, REPORT_CSV), toCsv(ordered.sites));
}

async function writeAtomically(path: string, content: string): Promise<void> {
  // Same directory as the target, so rename stays on one file system and is atomic.
  const temporaryPath = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporaryPath, content, 'utf8');
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
}
