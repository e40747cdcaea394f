/**
 * sites.jsonl: one site object per line, appended as each site finishes, so a killed scan loses
 * nothing already measured and `--resume` / `merge` can pick it up.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { readByteLines } from './byte-lines.ts';
import type { SiteReport } from './report-types.ts';
import { isSiteReport } from './validate-report.ts';

/** Where one appended line lies in the file. */
export interface SiteLocation {
  file: string;
  offset: number;
  length: number;
}

export class SitesJsonlWriter {
  /** Writes run one after another, so two sites finishing together never interleave. */
  private queue: Promise<void> = Promise.resolve();
  /** Opened on the first append, so constructing a writer touches no file. */
  private handle: Promise<FileHandle> | null = null;
  /** Byte offset of the next line: the file's size at open, plus every line written since. */
  private position = 0;

  /** Appends to `path` (created when missing), keeping whatever lines an earlier run wrote. */
  constructor(readonly path: string) {}

  /** Appends one site as one line; resolves, with where it lies, once the OS has the line. */
  append(site: SiteReport): Promise<SiteLocation> {
    return this.enqueue(Buffer.from(`${JSON.stringify(site)}\n`, 'utf8'));
  }

  /** Waits for pending lines, then closes the file. */
  async close(): Promise<void> {
    await this.queue;
    // A failed open was already reported to every append; closing has nothing left to say.
    const handle = this.handle ? await this.handle.catch(() => null) : null;
    this.handle = null;
    await handle?.close();
  }

  private enqueue(bytes: Buffer): Promise<SiteLocation> {
    const written = this.queue.then(async () => {
      const handle = await this.openOnce();
      const offset = this.position;
      // A short write that then fails leaves a partial line; the reader skips it.
      this.position += bytes.length;
      await writeFully(handle, bytes);
      return { file: this.path, offset, length: bytes.length - 1 };
    });
    // A failed write is reported to its caller and must not block the sites after it.
    this.queue = written.then(
      () => undefined,
      () => undefined,
    );
    return written;
  }

  private openOnce(): Promise<FileHandle> {
    this.handle ??= openForAppend(this.path).then(async (handle) => {
      this.position = (await stat(this.path)).size;
      return handle;
    });
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

/** One valid site line of sites.jsonl with where it lies. */
export interface SitesJsonlLine {
  site: SiteReport;
  location: SiteLocation;
}

/**
 * Every site line in file order, parsed one at a time. Lines that are not a site object (the half
 * line a killed scan left at the end) are counted in `skipped`, not yielded.
 */
export async function* readSitesJsonlLines(
  path: string,
  skipped: { lines: number } = { lines: 0 },
): AsyncGenerator<SitesJsonlLine> {
  for await (const { bytes, offset } of readByteLines(path)) {
    const text = bytes.toString('utf8').trim();
    if (text === '') continue;
    const site = parseSiteLine(text);
    if (!site) {
      skipped.lines += 1;
      continue;
    }
    yield { site, location: { file: path, offset, length: bytes.length } };
  }
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
