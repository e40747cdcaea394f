import { readFile } from 'node:fs/promises';
import { decodeInput, stripBom } from './decode-input.ts';
import { entriesFromText, type InputEntry } from './input-entries.ts';
import { InputError } from './input-error.ts';
import { parseTarget } from './parse-target.ts';
import type { TargetMeta, TargetRecord } from './target.ts';

export interface ReadTargetsInput {
  /** Targets given on the command line; they come before every file. */
  args: string[];
  /** --input paths in order; "-" is standard input. */
  inputFiles: string[];
  /** --top N: keep the N best-ranked targets. */
  top?: number;
  /** --category: the category of targets that have none. */
  defaultCategory?: string;
  readStdin?: () => Promise<string>;
}

const STDIN_NAME = 'standard input';
const NO_META: TargetMeta = { category: null, owner: null, name: null, rank: null };

/**
 * Reads every input into one numbered list of targets. Duplicates are dropped (the first
 * occurrence wins, with its metadata) before --top, so a repeated name never takes two places.
 * Invalid lines become InvalidTarget rows; only an input that cannot be read at all throws.
 */
export async function readTargets(input: ReadTargetsInput): Promise<TargetRecord[]> {
  if (input.top !== undefined && !(Number.isSafeInteger(input.top) && input.top >= 1)) {
    throw new InputError(`--top must be a whole number above 0, not ${input.top}`);
  }
  const entries: InputEntry[] = input.args.map((arg) => ({
    input: arg.trim(),
    meta: NO_META,
    location: null,
    problem: null,
  }));
  const readStdinOnce = onceOnly(input.readStdin ?? readProcessStdin);
  for (const path of input.inputFiles) {
    const text = path === '-' ? stripBom(await readStdinOnce()) : await readInputFile(path);
    entries.push(...entriesFromText(text, path === '-' ? STDIN_NAME : path));
  }

  const defaultCategory = input.defaultCategory?.trim() || null;
  const unique = dedupe(entries.map((entry) => toRecord(entry, defaultCategory)));
  const kept = input.top === undefined ? unique : bestRanked(unique, input.top);
  return kept.map((record, index) => ({ ...record, index }));
}

function toRecord(entry: InputEntry, defaultCategory: string | null): TargetRecord {
  const meta: TargetMeta = {
    ...entry.meta,
    category: entry.meta.category ?? defaultCategory,
  };
  const parsed = entry.problem === null ? parseTarget(entry.input) : null;
  if (parsed?.ok) {
    return {
      valid: true,
      index: 0,
      input: entry.input,
      host: parsed.host,
      unicodeHost: parsed.unicodeHost,
      entryUrls: parsed.entryUrls,
      ...meta,
    };
  }
  const reason = entry.problem ?? (parsed && !parsed.ok ? parsed.reason : 'not a target');
  return {
    valid: false,
    index: 0,
    input: entry.input,
    reason: entry.location === null ? reason : `${reason} (${entry.location})`,
    ...meta,
  };
}

/**
 * A bare host and https://host/ share their first entry URL, so they are one target; an explicit
 * http:// URL or another path is a different one. Invalid lines are matched on their text.
 */
function dedupe(records: TargetRecord[]): TargetRecord[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    const key = record.valid ? `url ${record.entryUrls[0] ?? ''}` : `text ${record.input}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The `top` lowest ranks; targets with no rank rank after every ranked one, in input order, so
 * that --top on an unranked list simply keeps its first N lines. The kept targets stay in input
 * order, because reports are sorted by input order.
 */
function bestRanked(records: TargetRecord[], top: number): TargetRecord[] {
  const byRank = records
    .map((record, position) => ({ record, position }))
    .sort(
      (a, b) =>
        (a.record.rank ?? Number.POSITIVE_INFINITY) - (b.record.rank ?? Number.POSITIVE_INFINITY) ||
        a.position - b.position,
    );
  const keptPositions = new Set(byRank.slice(0, top).map((item) => item.position));
  return records.filter((_, position) => keptPositions.has(position));
}

async function readInputFile(path: string): Promise<string> {
  try {
    return decodeInput(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (code ?? 'read failed');
    throw new InputError(`cannot read input file ${path}: ${why}`, { cause: error });
  }
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  } catch (error) {
    throw new InputError('cannot read standard input', { cause: error });
  }
  return decodeInput(Buffer.concat(chunks));
}

/** "-" given twice reads standard input once; the second copy dedupes away. */
function onceOnly(read: () => Promise<string>): () => Promise<string> {
  let pending: Promise<string> | null = null;
  return () => (pending ??= read());
}
