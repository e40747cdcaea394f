/**
 * The --out directory of a scan or merge: refused when it is a file, not writable, or (for a new
 * scan) already holds results that would be lost.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../user-error.ts';
import { OUTPUT_FILES } from './report-files.ts';

/** fresh: refuse a non-empty directory; resume: keep what is there; force: replace our files. */
export type OutputMode = 'fresh' | 'resume' | 'force';

export async function prepareOutputDir(outDir: string, mode: OutputMode): Promise<void> {
  const info = await stat(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw outputError(outDir, error);
  });
  if (info && !info.isDirectory()) {
    throw new UserError(`--out ${outDir} is a file, not a directory`);
  }
  if (!info) {
    await mkdir(outDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw outputError(outDir, error);
    });
    return;
  }
  if (mode === 'resume') return;
  const names = await readdir(outDir).catch((error: NodeJS.ErrnoException) => {
    throw outputError(outDir, error);
  });
  if (names.length === 0) return;
  const ours = names.filter(isOutputFile);
  if (mode === 'force') {
    // Only the files a scan writes: --out . must never cost the user anything else.
    for (const name of ours) {
      await rm(join(outDir, name), { force: true }).catch((error: NodeJS.ErrnoException) => {
        throw outputError(outDir, error);
      });
    }
    return;
  }
  throw new UserError(
    ours.length > 0
      ? `--out ${outDir} holds an earlier scan (${ours.join(', ')}); ` +
          `add --resume to continue it or --force to replace it`
      : `--out ${outDir} is not empty; choose a new directory, or add --force to write beside its files`,
  );
}

/** A file a scan writes, or the temporary file of one that a killed run left behind. */
function isOutputFile(name: string): boolean {
  const base = name.replace(/\.\d+\.[0-9a-f]{8}\.tmp$/, '');
  return (OUTPUT_FILES as readonly string[]).includes(base);
}

/** A failure to create or write in --out, as one line a user can act on. */
export function outputError(outDir: string, error: NodeJS.ErrnoException): UserError {
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file',
    EEXIST: 'a file is in the way',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
  };
  const reason = (error.code && why[error.code]) ?? error.message;
  return new UserError(`--out ${outDir}: cannot write there (${reason})`);
}

/** Runs a write into --out, turning file-system refusals into one-line user errors. */
export async function writingInto<T>(outDir: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code &&
      ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EDQUOT', 'EISDIR'].includes(code)
    ) {
      throw outputError(outDir, error as NodeJS.ErrnoException);
    }
    throw error;
  }
}
