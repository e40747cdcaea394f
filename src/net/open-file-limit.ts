import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Used when neither /proc nor a shell can tell: the common Linux and macOS default. */
const ASSUMED_OPEN_FILE_LIMIT = 1024;

/**
 * The soft RLIMIT_NOFILE of this process, as it stands after Node's own start-up (Node raises
 * the soft limit to the hard one). Linux: /proc/self/limits; elsewhere `ulimit -n` in a shell.
 */
export function readOpenFileLimit(): number {
  return fromProcLimits() ?? fromUlimit() ?? ASSUMED_OPEN_FILE_LIMIT;
}

/** "Max open files  1024  524288  files": the soft limit is the first column. */
export function parseProcLimits(text: string): number | null {
  const line = text.split('\n').find((row) => row.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === undefined) return null;
  if (soft === 'unlimited') return Number.MAX_SAFE_INTEGER;
  const value = Number(soft);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

function fromProcLimits(): number | null {
  try {
    return parseProcLimits(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return null;
  }
}

function fromUlimit(): number | null {
  try {
    const result = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 2000 });
    const text = result.stdout.trim();
    if (text === 'unlimited') return Number.MAX_SAFE_INTEGER;
    const value = Number(text);
    return Number.isSafeInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
