/**
 * `v6ready merge DIR...`: joins the outputs of shards (N machines, one list) into one report.
 * A shard that was killed has only sites.jsonl and scan.json; its sites are merged all the same,
 * and the merged report says it is not whole.
 */
import { UserError } from '../user-error.ts';
import { openReport, type OpenedReport } from './read-report.ts';
import type { MergedSource, ReportOptions } from './report-types.ts';
import { describeDifferences, differingOptions } from './scan-record.ts';
import { siteKey, type SiteEntry } from './site-entry.ts';
import type { ReportHeading } from './write-reports.ts';

export interface MergePlan {
  heading: ReportHeading;
  entries: SiteEntry[];
  /** Shard numbers (K of K/N) that no input covers. */
  missingShards: number[];
  /** Shard numbers that two or more inputs cover (the newest measurement of a site wins). */
  overlappingShards: number[];
  /** Inputs whose own report says it is partial. */
  partialInputs: string[];
}

interface ShardPart {
  index: number;
  count: number;
}

export async function planMerge(dirs: readonly string[]): Promise<MergePlan> {
  if (dirs.length === 0) throw new UserError('merge needs at least one directory');
  const inputs: OpenedReport[] = [];
  for (const dir of dirs) inputs.push(await openReport(dir));
  const first = inputs[0] as OpenedReport;

  for (const [position, input] of inputs.entries()) {
    const differing = differingOptions(first.header.options, input.header.options);
    if (differing.length > 0) {
      throw new UserError(
        `${dirs[position]} was measured with other options than ${dirs[0]} ` +
          `(${describeDifferences(differing, input.header.options, first.header.options)}); ` +
          `scan every shard with the same options`,
      );
    }
    if (!sameInput(first.header.options, input.header.options)) {
      throw new UserError(
        `${dirs[position]} scanned another input than ${dirs[0]} (the lists differ); ` +
          `give every shard the same --input`,
      );
    }
  }

  const parts = inputs.map((input, position) =>
    shardPart(input.header.options, dirs[position] ?? ''),
  );
  const count = (parts[0] as ShardPart).count;
  const otherCount = parts.findIndex((part) => part.count !== count);
  if (otherCount >= 0) {
    throw new UserError(
      `${dirs[otherCount]} is a shard of ${(parts[otherCount] as ShardPart).count} parts and ` +
        `${dirs[0]} of ${count}: merge shards of one split only`,
    );
  }
  const seen = new Map<number, number>();
  for (const part of parts) seen.set(part.index, (seen.get(part.index) ?? 0) + 1);
  const missingShards: number[] = [];
  for (let index = 0; index < count; index += 1) if (!seen.has(index)) missingShards.push(index);
  const overlappingShards = [...seen].filter(([, times]) => times > 1).map(([index]) => index);
  const partialInputs = inputs.flatMap((input, position) =>
    input.header.complete ? [] : [dirs[position] ?? ''],
  );

  const entries = newestPerSite(inputs.flatMap((input) => input.entries));
  const inputTotal = inputs.find((input) => input.header.options.input_total !== undefined)?.header
    .options.input_total;
  const shardTotals = inputs.reduce((sum, input) => sum + input.header.sites_total, 0);
  const sitesTotal = inputTotal ?? shardTotals;
  const complete =
    missingShards.length === 0 && partialInputs.length === 0 && entries.length >= sitesTotal;

  const options: ReportOptions = { ...first.header.options, shard: null };
  const heading: ReportHeading = {
    schema: first.header.schema,
    tool: first.header.tool,
    started_at: earliest(inputs.map((input) => input.header.started_at)),
    finished_at: latest(inputs.map((input) => input.header.finished_at)),
    options,
    complete,
    sites_total: sitesTotal,
    merged_from: inputs.map((input, position): MergedSource => ({
      dir: dirs[position] ?? '',
      file: input.path.endsWith('sites.jsonl') ? 'sites.jsonl' : 'report.json',
      shard: input.header.options.shard,
      started_at: input.header.started_at,
      finished_at: input.header.finished_at,
      sites: input.entries.length,
    })),
  };
  return { heading, entries, missingShards, overlappingShards, partialInputs };
}

/** Shards record the hash of the whole list; reports of older versions did not, and pass. */
function sameInput(left: ReportOptions, right: ReportOptions): boolean {
  if (left.input_sha256 === undefined || right.input_sha256 === undefined) return true;
  return left.input_sha256 === right.input_sha256;
}

/** An unsharded scan is part 0 of 1. */
function shardPart(options: ReportOptions, dir: string): ShardPart {
  if (options.shard === null) return { index: 0, count: 1 };
  const match = /^(\d+)\/(\d+)$/.exec(options.shard);
  if (!match) throw new UserError(`${dir}: options.shard "${options.shard}" is not K/N`);
  return { index: Number(match[1]), count: Number(match[2]) };
}

/** Shards are disjoint, but a directory given twice or a re-run shard is not: newest scan wins. */
function newestPerSite(entries: readonly SiteEntry[]): SiteEntry[] {
  const byKey = new Map<string, SiteEntry>();
  for (const entry of entries) {
    const key = siteKey(entry);
    const kept = byKey.get(key);
    if (!kept || Date.parse(entry.scanned_at) >= Date.parse(kept.scanned_at)) {
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

function earliest(times: readonly string[]): string {
  return times.reduce((best, time) => (Date.parse(time) < Date.parse(best) ? time : best));
}

function latest(times: readonly string[]): string {
  return times.reduce((best, time) => (Date.parse(time) > Date.parse(best) ? time : best));
}
