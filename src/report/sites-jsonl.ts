/**
 * sites.jsonl: one site object per line, appended as each site finishes, so a killed scan loses
 * nothing already measured and `--resume` / `merge` can pick it up.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { VERDICTS, type Verdict } from '../judge/judge-types.ts';
import type { SiteReport } from './report-types.ts';

export class SitesJsonlWriter {
  /** Writes run one after another, so two sites finishing together never interleave. */
  private queue: Promise<void> = Promise.resolve();
  /** Opened on the first append, so constructing a writer touches no file. */
  private handle: Promise<FileHandle> | null = null;

  /** Appends to `path` (created when missing), keeping whatever lines an earlier run wrote. */
  constructor(readonly path: string) {}

  /** Appends one site as one line; resolves once the line is handed to the OS. */
  append(site: SiteReport): Promise<void> {
    return this.enqueue(`${JSON.stringify(site)}\n`);
  }

  /** Waits for pending lines, then closes the file. */
  async close(): Promise<void> {
    await this.queue;
    // A failed open was already reported to every append; closing has nothing left to say.
    const handle = this.handle ? await this.handle.catch(() => null) : null;
    this.handle = null;
    await handle?.close();
  }

  private enqueue(text: string): Promise<void> {
    const written = this.queue.then(async () =>
      writeFully(await this.openOnce(), Buffer.from(text, 'utf8')),
    );
    // A failed write is reported to its caller and must not block the sites after it.
    this.queue = written.catch(() => undefined);
    return written;
  }

  private openOnce(): Promise<FileHandle> {
    this.handle ??= openForAppend(this.path);
    return this.handle;
  }
}

async function openForAppend(path: string): Promise<FileHandle> {
  const needsNewline = await endsInPartialLine(path);
  const handle = await open(path, 'a');
  // A killed run can leave half a line; start on a fresh line so the next site stays readable.
  if (needsNewline) await writeFully(handle, Buffer.from('\n'));
  return handle;
}

/** One write call for the whole line in practice; the loop covers a short write (disk full). */
async function writeFully(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

async function endsInPartialLine(path: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

export interface SitesJsonlContent {
  /** Sorted by input index; a later line for the same index and target replaces an earlier one. */
  sites: SiteReport[];
  /** Lines that were not a site object, such as the half line a killed scan left at the end. */
  skippedLines: number;
}

/** Reads sites.jsonl; a missing file rejects with the ENOENT error so the caller can decide. */
export async function readSitesJsonl(path: string): Promise<SitesJsonlContent> {
  const text = await readFile(path, 'utf8');
  const byKey = new Map<string, SiteReport>();
  let skippedLines = 0;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const site = parseSiteLine(line);
    if (!site) {
      skippedLines += 1;
      continue;
    }
    byKey.set(siteKey(site), site);
  }
  const sites = [...byKey.values()].sort((left, right) => left.index - right.index);
  return { sites, skippedLines };
}

/** Index and target together: the same input position with a different target is another site. */
export function siteKey(site: Pick<SiteReport, 'index' | 'target'>): string {
  return `${site.index}\u0000${site.target}`;
}

function parseSiteLine(line: string): SiteReport | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  return isSiteReport(value) ? value : null;
}

/** A shape check of the fields every reader relies on; the rest is trusted as we wrote it. */
export function isSiteReport(value: unknown): value is SiteReport {
  if (typeof value !== 'object' || value === null) return false;
  const site = value as Record<string, unknown>;
  return (
    typeof site.index === 'number' &&
    Number.isInteger(site.index) &&
    typeof site.target === 'string' &&
    VERDICTS.includes(site.verdict as Verdict) &&
    typeof site.score === 'number' &&
    Array.isArray(site.reasons) &&
    typeof site.checks === 'object' &&
    site.checks !== null &&
    typeof site.figures === 'object' &&
    site.figures !== null &&
    typeof site.scanned_at === 'string'
  );
}
