/** UTF-8 takes at most 3 bytes per UTF-16 code unit (4 for a surrogate pair of 2 units). */
const MAX_UTF8_PER_UNIT = 3;

/**
 * Collects text (encoded straight in as UTF-8, no buffer per piece) and bytes in one fixed buffer
 * and hands the buffer to `drain` when the next piece would not fit; a piece larger than the
 * buffer goes to `drain` on its own. `drain` is done with its bytes when it resolves: the buffer
 * is reused. The one batching of report.xlsx's deflater and of the report files' writer.
 */
export class ByteBatch {
  private used = 0;

  constructor(
    private readonly buffer: Buffer,
    private readonly drain: (bytes: Uint8Array) => Promise<void>,
  ) {}

  async write(text: string): Promise<void> {
    if (!this.fits(text)) {
      await this.flush();
      if (!this.fits(text)) {
        await this.drain(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** Appends bytes the caller may reuse once this resolves (copied, or drained before then). */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (bytes.length > this.buffer.length - this.used) {
      await this.flush();
      if (bytes.length > this.buffer.length) {
        await this.drain(bytes);
        return;
      }
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const batch = this.buffer.subarray(0, this.used);
    this.used = 0;
    await this.drain(batch);
  }

  /** Whether the text surely fits in what is left of the buffer (counted only when in doubt). */
  private fits(text: string): boolean {
    const free = this.buffer.length - this.used;
    return text.length * MAX_UTF8_PER_UNIT <= free || Buffer.byteLength(text, 'utf8') <= free;
  }
}
