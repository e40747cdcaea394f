import { describe, expect, it } from 'vitest';
import { ByteBatch } from '../../src/report/byte-batch.ts';

/** A batch of `size` bytes whose drains are kept as copies (the buffer is reused after each). */
function collecting(size: number): { batch: ByteBatch; drained: Buffer[] } {
  const drained: Buffer[] = [];
  const batch = new ByteBatch(Buffer.alloc(size), async (bytes) => {
    drained.push(Buffer.from(bytes));
  });
  return { batch, drained };
}

describe('ByteBatch', () => {
  it('hands on everything in order, each drain a full batch or one piece larger than it', async () => {
    const { batch, drained } = collecting(16);
    const pieces: (string | Uint8Array)[] = [
      'abc',
      Uint8Array.from([1, 2, 3, 4, 5]),
      '政务服务',
      'x'.repeat(40),
      Uint8Array.from({ length: 20 }, (_, i) => i),
      'tail',
    ];
    for (const piece of pieces) {
      await (typeof piece === 'string' ? batch.write(piece) : batch.writeBytes(piece));
    }
    await batch.flush();
    const expected = Buffer.concat(
      pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece)),
    );
    expect(Buffer.concat(drained)).toEqual(expected);
    // Batches were cut between pieces, never inside one: a UTF-8 sequence stays whole.
    expect(drained.map((bytes) => bytes.length)).toEqual([8, 12, 40, 20, 4]);
  });

  it('fills the buffer with text that fits only by its real UTF-8 length', async () => {
    const { batch, drained } = collecting(10);
    // 10 code units: 30 bytes by the worst case, 10 in fact.
    await batch.write('0123456789');
    expect(drained).toEqual([]);
    await batch.write('!');
    expect(drained.map((bytes) => bytes.toString())).toEqual(['0123456789']);
  });

  it('drains nothing when flushed empty', async () => {
    const { batch, drained } = collecting(8);
    await batch.flush();
    expect(drained).toEqual([]);
  });
});
