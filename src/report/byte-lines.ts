/**
 * Lines of a file with their byte offsets, read in chunks: the readers of sites.jsonl and
 * report.json keep where each site sits instead of the site itself, so memory stays flat.
 */
import { open, type FileHandle } from 'node:fs/promises';

export interface ByteLine {
  /**
   * The line without its "\n" (a "\r" before it is kept; our files never write one); valid
   * until the next read from the same reader.
   */
  bytes: Buffer;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
}

/** A line longer than this is not one of ours (a site line is tens of KB); it fails the read. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export class LineTooLongError extends Error {
  override name = 'LineTooLongError';
}

const NEWLINE = 0x0a;

/**
 * A file read forward once, in 1 MiB reads into one buffer that keeps only the bytes not yet
 * consumed. Searching for a line happens in the buffer (Buffer.indexOf), so a reader that only
 * needs some lines (the site boundaries of report.json) never touches the others one by one.
 * The bytes of a line handed out are valid until the next read: the buffer is then reused.
 */
export class ByteReader {
  private buffer: Buffer;
  /** The bytes read from the file and not handed out are buffer[at, end). */
  private at = 0;
  private end = 0;
  /** File offset of buffer[0]. */
  private bufferOffset = 0;
  private ended = false;
  private handle: Promise<FileHandle> | null = null;

  constructor(
    private readonly path: string,
    private readonly readBytes = 1 << 20,
  ) {
    this.buffer = Buffer.allocUnsafe(readBytes);
  }

  /** Byte offset in the file of the next byte to be read. */
  get offset(): number {
    return this.bufferOffset + this.at;
  }

  /** Whether the unread bytes begin with `prefix` (false when fewer bytes are left). */
  async startsWith(prefix: Buffer): Promise<boolean> {
    while (this.end - this.at < prefix.length && (await this.readMore()));
    return this.startsHere(prefix);
  }

  /** The next line (the last one may lack its "\n"), or null at the end of the file. */
  async readLine(): Promise<ByteLine | null> {
    return this.readThrough(() => 0, 0);
  }

  /**
   * Every byte from here to the end of the next line that begins with `prefix` (that line
   * included, its "\n" not), or null when no line does. The lines before it are skipped over in
   * the buffer, not split.
   */
  async readThroughLineStarting(prefix: Buffer): Promise<ByteLine | null> {
    const needle = Buffer.concat([Buffer.from([NEWLINE]), prefix]);
    return this.readThrough((from) => {
      if (from === 0 && this.startsHere(prefix)) return 0;
      const found = this.unread().indexOf(needle, from);
      return found === -1 ? -1 : found + 1;
    }, needle.length);
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.ended = true;
    await (await handle?.catch(() => null))?.close();
  }

  private unread(): Buffer {
    return this.buffer.subarray(this.at, this.end);
  }

  private startsHere(prefix: Buffer): boolean {
    return this.buffer.subarray(this.at, this.at + prefix.length).equals(prefix);
  }

  /**
   * Hands out the bytes from here to the end of the line whose start `findStart` finds (counted
   * from `at`, searching from a position; -1 when the bytes so far hold none). A search resumes
   * `overlap` bytes before the end of what it already searched, for a match that straddles two
   * reads.
   */
  private async readThrough(
    findStart: (from: number) => number,
    overlap: number,
  ): Promise<ByteLine | null> {
    let start = -1;
    let searched = 0;
    for (;;) {
      const unread = this.end - this.at;
      if (start === -1) {
        start = findStart(searched);
        searched = start === -1 ? Math.max(0, unread - overlap) : start;
      }
      if (start !== -1) {
        const newline = this.unread().indexOf(NEWLINE, searched);
        if (newline !== -1) return this.handOut(newline, newline + 1);
        searched = unread;
      }
      if (unread > MAX_LINE_BYTES) {
        throw new LineTooLongError(
          `${this.path}: a line at byte ${this.offset} is over ${MAX_LINE_BYTES} bytes`,
        );
      }
      if (!(await this.readMore())) {
        return start === -1 || unread === 0 ? null : this.handOut(unread, unread);
      }
    }
  }

  /** Hands out unread bytes [0, length) and moves on by `consumed`. */
  private handOut(length: number, consumed: number): ByteLine {
    const line = { bytes: this.buffer.subarray(this.at, this.at + length), offset: this.offset };
    this.at += consumed;
    return line;
  }

  /** Reads the next bytes of the file in after the unread ones; false at the end of the file. */
  private async readMore(): Promise<boolean> {
    if (this.ended) return false;
    const unread = this.end - this.at;
    if (this.buffer.length - this.end < this.readBytes) {
      // Room at the end: move the unread bytes to the front, into a larger buffer when they
      // fill half of it (a long line), so that growing costs linear copying.
      const target =
        unread > this.buffer.length >> 1 ? Buffer.allocUnsafe(2 * this.buffer.length) : this.buffer;
      this.buffer.copy(target, 0, this.at, this.end);
      this.buffer = target;
      this.bufferOffset += this.at;
      this.at = 0;
      this.end = unread;
    }
    this.handle ??= open(this.path, 'r');
    const handle = await this.handle;
    const position = this.bufferOffset + this.end;
    const { bytesRead } = await handle.read(
      this.buffer,
      this.end,
      this.buffer.length - this.end,
      position,
    );
    if (bytesRead === 0) {
      this.ended = true;
      return false;
    }
    this.end += bytesRead;
    return true;
  }
}

/** Every line of a file with its offset; a last line without "\n" is yielded too. */
export async function* readByteLines(path: string): AsyncGenerator<ByteLine> {
  const reader = new ByteReader(path);
  try {
    for (let line = await reader.readLine(); line; line = await reader.readLine()) yield line;
  } finally {
    await reader.close();
  }
}
