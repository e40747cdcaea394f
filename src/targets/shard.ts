import { createHash } from 'node:crypto';
import { UserError } from '../user-error.ts';
import type { TargetRecord } from './target.ts';

export interface Shard {
  /** 0-based part this run scans. */
  index: number;
  count: number;
}

/** A --shard value that cannot be used; the CLI exits 2. */
export class ShardError extends UserError {
  override name = 'ShardError';
}

/**
 * Reads --shard "K/N", or "/N" with K from JOB_COMPLETION_INDEX (set by a Kubernetes Indexed
 * Job), so one manifest serves every pod.
 */
export function parseShard(spec: string, env: NodeJS.ProcessEnv): Shard {
  const match = /^\s*([0-9]*)\s*\/\s*([0-9]+)\s*$/.exec(spec);
  if (!match) {
    throw new ShardError(`--shard must be K/N or /N (for example 0/4), not "${spec}"`);
  }
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new ShardError(`--shard ${spec}: the number of parts N must be at least 1`);
  }
  let indexText = match[1] ?? '';
  if (indexText === '') {
    const fromEnv = env.JOB_COMPLETION_INDEX?.trim();
    if (fromEnv === undefined || fromEnv === '') {
      throw new ShardError(
        `--shard ${spec} gives no part number and JOB_COMPLETION_INDEX is not set`,
      );
    }
    if (!/^[0-9]+$/.test(fromEnv)) {
      throw new ShardError(`JOB_COMPLETION_INDEX must be a whole number, not "${fromEnv}"`);
    }
    indexText = fromEnv;
  }
  const index = Number(indexText);
  if (index >= count) {
    throw new ShardError(
      `--shard: part ${index} does not exist in ${count} parts (parts are numbered 0 to ${count - 1})`,
    );
  }
  return { index, count };
}

/**
 * Whether a key belongs to this part: the first 4 bytes of its SHA-256 as a big-endian uint32,
 * modulo N. The same on every machine and Node version, so shard outputs merge without gaps.
 */
export function inShard(key: string, shard: Shard): boolean {
  return shardOf(key, shard.count) === shard.index;
}

export function shardOf(key: string, count: number): number {
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % count;
}

/** The ASCII host, so every URL on one site lands in the same part; an invalid row goes by its text. */
export function shardKey(target: TargetRecord): string {
  return target.valid ? target.host : target.input;
}
