/**
 * scan.json: the options that shape a measurement and the identity of the input, written into
 * --out before the first site. `--resume` refuses other options, and `merge` refuses shards that
 * measured differently, because a row's verdict means nothing without them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCAN_JSON } from './report-files.ts';
import { REPORT_SCHEMA, type ReportOptions } from './report-types.ts';
import { headerProblem } from './validate-report.ts';
import { writeFileAtomically } from './write-atomically.ts';
import { UserError } from '../user-error.ts';

export interface ScanRecord {
  schema: typeof REPORT_SCHEMA;
  tool: { name: string; version: string };
  started_at: string;
  options: ReportOptions;
  /** Targets of this scan (this shard's part of the input); null until the input has been read. */
  sites_total: number | null;
}

/** The options that change what a site's row says. Resolvers and vantage say where, not how. */
export const MEASUREMENT_OPTIONS = [
  'depth',
  'max_links',
  'profile',
  'profile_sha256',
  'timeout_ms',
  'site_timeout_ms',
  'max_body_bytes',
  'mail',
  'allow_private',
] as const satisfies readonly (keyof ReportOptions)[];

/** The names of the given options whose values differ between two scans. */
export function differingOptions(
  left: ReportOptions,
  right: ReportOptions,
  names: readonly (keyof ReportOptions)[] = MEASUREMENT_OPTIONS,
): string[] {
  return names.filter((name) => JSON.stringify(left[name]) !== JSON.stringify(right[name]));
}

/** "depth 0 vs 2, profile default vs strict": the words of a refusal. */
export function describeDifferences(
  names: readonly string[],
  left: ReportOptions,
  right: ReportOptions,
): string {
  const show = (value: unknown): string => (value === undefined ? 'unset' : JSON.stringify(value));
  return names
    .map((name) => {
      const key = name as keyof ReportOptions;
      return `${name.replaceAll('_', '-')} ${show(left[key])} vs ${show(right[key])}`;
    })
    .join(', ');
}

export async function writeScanRecord(outDir: string, record: ScanRecord): Promise<void> {
  await writeFileAtomically(join(outDir, SCAN_JSON), `${JSON.stringify(record, null, 2)}\n`);
}

/** null when the directory has no scan.json (a scan of an earlier version, or none at all). */
export async function readScanRecord(outDir: string): Promise<ScanRecord | null> {
  const path = join(outDir, SCAN_JSON);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(`${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError(`${path}: not JSON`);
  }
  const problem = headerProblem({ ...(value as object), finished_at: '' });
  const sitesTotal = (value as ScanRecord).sites_total;
  if (problem !== null || (sitesTotal !== null && typeof sitesTotal !== 'number')) {
    throw new UserError(`${path}: ${problem ?? 'sites_total is missing'}`);
  }
  return value as ScanRecord;
}
