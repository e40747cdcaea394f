/**
 * Files that readers may open at any time are written beside their final name and renamed, so a
 * reader, a killed run or a second Ctrl-C never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';

const BATCH_BYTES = 1 << 20;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (4 for a surrogate pair of 2 units). */
const MAX_UTF8_PER_UNIT = 3;

/**
 * Appends in 1 MiB batches: one write call per batch instead of one per site, with each text
 * encoded straight into the batch (no buffer per piece, no copy to join them). Each write is
 * awaited before the next: the batch is reused once written.
 */
export class BatchedFileWriter {
  private readonly batch = Buffer.allocUnsafe(BATCH_BYTES);
  private bytes = 0;

  constructor(private readonly handle: FileHandle) {}

  async write(text: string): Promise<void> {
    if (!this.fits(text)) {
      await this.flush();
      if (!this.fits(text)) {
        await this.writeFully(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.bytes += this.batch.write(text, this.bytes, 'utf8');
  }

  /** Appends bytes the caller may reuse once this resolves (copied, or written before then). */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (bytes.length > BATCH_BYTES - this.bytes) {
      await this.flush();
      if (bytes.length > BATCH_BYTES) {
        await this.writeFully(bytes);
        return;
      }
    }
    this.batch.set(bytes, this.bytes);
    this.bytes += bytes.length;
  }

  async flush(): Promise<void> {
    if (this.bytes === 0) return;
    const batch = this.batch.subarray(0, this.bytes);
    this.bytes = 0;
    await this.writeFully(batch);
  }

  /** Whether the text surely fits in what is left of the batch (counted only when in doubt). */
  private fits(text: string): boolean {
    const free = BATCH_BYTES - this.bytes;
    return text.length * MAX_UTF8_PER_UNIT <= free || Buffer.byteLength(text, 'utf8') <= free;
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
