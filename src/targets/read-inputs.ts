import { createReadStream } from 'node:fs';
import { BestRanked } from './best-ranked.ts';
import { decodeChunks } from './decode-input.ts';
import { echoText } from './echo-text.ts';
import { entriesFromLines, type InputEntry } from './input-entries.ts';
import { InputError } from './input-error.ts';
import { splitLines } from './input-lines.ts';
import { parseTarget } from './parse-target.ts';
import { SeenTargets } from './seen-targets.ts';
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
  /** The bytes of standard input; process.stdin when not given. */
  stdin?: AsyncIterable<Uint8Array>;
}

/** All inputs together; a larger list is a mistake (or /dev/zero), not a list of sites. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** Invalid rows held back while no valid target has been seen, to refuse an all-invalid input. */
export const HELD_BEFORE_FIRST_VALID = 1000;
/** Reasons quoted when every line of the input is invalid. */
const REASONS_QUOTED = 3;

const STDIN_NAME = 'standard input';
const NO_META: TargetMeta = { category: null, owner: null, name: null, rank: null };

/**
 * Reads every input, line by line, as one numbered stream of targets. Duplicates are dropped
 * (the first occurrence wins, with its metadata) before --top, so a repeated name never takes
 * two places. What is held: a fingerprint of each target seen (to drop duplicates), the N best-ranked for
 * --top, and the invalid rows before the first valid target.
 *
 * Invalid lines become InvalidTarget rows. An InputError ends the stream when an input cannot
 * be read, exceeds a cap, holds no target, or holds only invalid lines.
 */
export async function* readTargets(input: ReadTargetsInput): AsyncGenerator<TargetRecord> {
  if (input.top !== undefined && !(Number.isSafeInteger(input.top) && input.top >= 1)) {
    throw new InputError(`--top must be a whole number above 0, not ${input.top}`);
  }
  const defaultCategory = input.defaultCategory?.trim() || null;
  const seen = new SeenTargets();
  const best = input.top === undefined ? null : new BestRanked(input.top);
  const heldInvalid: TargetRecord[] = [];
  const firstReasons: string[] = [];
  let anyValid = false;
  let unique = 0;
  let index = 0;

  for await (const entry of inputEntries(input)) {
    const { record, key } = toRecord(entry, defaultCategory);
    if (!seen.addIfNew(key)) continue;
    unique += 1;
    if (record.valid) anyValid = true;
    else if (firstReasons.length < REASONS_QUOTED) firstReasons.push(record.reason);

    if (best !== null) {
      best.offer(record, unique);
    } else if (!anyValid && heldInvalid.length < HELD_BEFORE_FIRST_VALID) {
      heldInvalid.push(record);
    } else {
      for (const held of heldInvalid.splice(0)) yield { ...held, index: index++ };
      yield { ...record, index: index++ };
    }
  }

  if (unique === 0) throw new InputError('no targets in the input: nothing to scan');
  if (!anyValid) {
    throw new InputError(
      `no valid target in the input (${unique} invalid); the first problems:\n` +
        firstReasons.map((reason) => `  ${reason}`).join('\n'),
    );
  }
  for (const record of best?.inInputOrder() ?? []) yield { ...record, index: index++ };
}

/** Arguments first, then each input in order; "-" given twice reads standard input once. */
async function* inputEntries(input: ReadTargetsInput): AsyncGenerator<InputEntry> {
  for (const arg of input.args) {
    yield { input: arg.trim(), meta: NO_META, location: null, problem: null };
  }
  const budget = { bytes: 0 };
  let stdinRead = false;
  for (const path of input.inputFiles) {
    if (path === '-' && stdinRead) continue;
    stdinRead ||= path === '-';
    const sourceName = path === '-' ? STDIN_NAME : path;
    const bytes = inputBytes(path, input.stdin ?? process.stdin, budget);
    yield* entriesFromLines(splitLines(decodeChunks(bytes), sourceName), sourceName);
  }
}

async function* inputBytes(
  path: string,
  stdin: AsyncIterable<Uint8Array>,
  budget: { bytes: number },
): AsyncGenerator<Uint8Array> {
  const source: AsyncIterable<Uint8Array> = path === '-' ? stdin : createReadStream(path);
  try {
    for await (const chunk of source) {
      budget.bytes += chunk.byteLength;
      if (budget.bytes > MAX_INPUT_BYTES) {
        throw new InputError(
          `the input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB: not a list of targets (split it, or use --shard)`,
        );
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot read ${path === '-' ? STDIN_NAME : `input file ${path}`}: ${readFailure(error)}`,
      {
        cause: error,
      },
    );
  }
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? 'read failed';
}

/**
 * The record of one entry, and the key it is deduplicated on: a bare host and https://host/
 * share their first entry URL, so they are one target; an explicit http:// URL or another path is
 * a different one. Invalid lines are matched on their full text.
 */
function toRecord(
  entry: InputEntry,
  defaultCategory: string | null,
): { record: TargetRecord; key: string } {
  const meta: TargetMeta = {
    ...entry.meta,
    category: entry.meta.category ?? defaultCategory,
  };
  const input = echoText(entry.input);
  const parsed = entry.problem === null ? parseTarget(entry.input) : null;
  if (parsed?.ok) {
    return {
      record: {
        valid: true,
        index: 0,
        input,
        host: parsed.host,
        unicodeHost: parsed.unicodeHost,
        entryUrls: parsed.entryUrls,
        ...meta,
      },
      key: `url ${parsed.entryUrls[0] ?? ''}`,
    };
  }
  const reason = entry.problem ?? (parsed && !parsed.ok ? parsed.reason : 'not a target');
  return {
    record: {
      valid: false,
      index: 0,
      input,
      reason: entry.location === null ? reason : `${reason} (${entry.location})`,
      ...meta,
    },
    key: `text ${entry.input}`,
  };
}
