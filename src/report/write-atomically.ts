/**
 * Files that readers may open at any time are written beside their final name and renamed, so a
 * reader, a killed run or a second Ctrl-C never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { ByteBatch } from './byte-batch.ts';

const BATCH_BYTES = 1 << 20;

/**
 * Appends in 1 MiB batches: one write call per batch instead of one per site. Each write is
 * awaited before the next: the batch is reused once written.
 */
export class BatchedFileWriter extends ByteBatch {
  constructor(private readonly handle: FileHandle) {
    super(Buffer.allocUnsafe(BATCH_BYTES), (bytes) => this.writeFully(bytes));
  }

  private async writeFully(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
  }
}

/** A temporary file beside `path`; `commit` renames it into place, `discard` removes it. */
export interface TemporaryFile {
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
