/**
 * Files that readers may open at any time are written beside their final name and renamed, so a
 * reader, a killed run or a second Ctrl-C never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';

/** Appends in 1 MiB batches: one write call per batch instead of one per site. */
export class BatchedFileWriter {
  private chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly handle: FileHandle) {}

  async write(text: string): Promise<void> {
    const chunk = Buffer.from(text, 'utf8');
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.bytes === 0) return;
    const batch = Buffer.concat(this.chunks, this.bytes);
    this.chunks = [];
    this.bytes = 0;
    let offset = 0;
    while (offset < batch.length) {
      const { bytesWritten } = await this.handle.write(batch, offset, batch.length - offset);
      offset += bytesWritten;
    }
  }
}

/** A temporary file beside `path`; `commit` renames it into place, `discard` removes it. */
export interface TemporaryFile {
  /** Where the content goes until commit, for a library that writes to a path itself. */
  path: string;
  writer: BatchedFileWriter;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export async function createTemporaryFile(path: string): Promise<TemporaryFile> {
  // Same directory as the target, so rename stays on one file system and is atomic.
  const temporaryPath = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporaryPath, 'wx');
  const writer = new BatchedFileWriter(handle);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return {
    path: temporaryPath,
    writer,
    async commit() {
      await writer.flush();
      await handle.sync();
      await close();
      await rename(temporaryPath, path);
    },
    async discard() {
      await close().catch(() => undefined);
      await rm(temporaryPath, { force: true });
    },
  };
}

export async function writeFileAtomically(path: string, content: string): Promise<void> {
  await writeThroughTemporaryFile(path, (file) => file.writer.write(content));
}

/** Runs `write` on a temporary file beside `path`, then renames it into place (or removes it). */
export async function writeThroughTemporaryFile(
  path: string,
  write: (file: TemporaryFile) => Promise<void>,
): Promise<void> {
  const file = await createTemporaryFile(path);
  try {
    await write(file);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}
