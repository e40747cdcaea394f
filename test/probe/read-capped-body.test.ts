import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyDecodingError, readCappedBody } from '../../src/probe/read-capped-body.ts';

function chunks(...parts: Buffer[]): Readable {
  return Readable.from(parts);
}
const read = (encoding: string | undefined, max: number, ...parts: Buffer[]) =>
  readCappedBody(chunks(...parts), encoding, max, () => {});

describe('readCappedBody', () => {
  it('an empty body is empty, whatever its Content-Encoding says', async () => {
    expect(await read('gzip', 10)).toEqual({ body: Buffer.alloc(0), truncated: false });
  });

  it('the cap counts bytes across chunks and cuts inside a chunk', async () => {
    const result = await read(undefined, 5, Buffer.from('abc'), Buffer.from('defg'));
    expect(result).toEqual({ body: Buffer.from('abcde'), truncated: true });
  });

  it('a cap of zero keeps nothing and says the body was longer', async () => {
    expect(await read(undefined, 0, Buffer.from('a'))).toEqual({
      body: Buffer.alloc(0),
      truncated: true,
    });
  });

  it('calls back for every chunk from the network', async () => {
    let calls = 0;
    await readCappedBody(chunks(Buffer.from('a'), Buffer.from('b')), undefined, 10, () => calls++);
    expect(calls).toBe(2);
  });

  it('stacked encodings are undone last-applied first', async () => {
    const twice = zlib.brotliCompressSync(zlib.gzipSync(Buffer.from('layered')));
    expect((await read('gzip, br', 100, twice)).body.toString()).toBe('layered');
  });

  it('gzip without its trailer still yields what it has', async () => {
    const whole = zlib.gzipSync(Buffer.from('cut short but readable'));
    const result = await read('gzip', 100, whole.subarray(0, whole.length - 8));
    expect(result.body.toString()).toBe('cut short but readable');
  });

  it('an unknown encoding leaves the body as sent', async () => {
    expect((await read('zstd', 100, Buffer.from('raw'))).body.toString()).toBe('raw');
  });

  it('a body that is not what its encoding says throws BodyDecodingError', async () => {
    await expect(
      read('br', 100, Buffer.from('not brotli at all, not at all')),
    ).rejects.toBeInstanceOf(BodyDecodingError);
  });

  it('a network error is passed on as it is', async () => {
    for (const [encoding, first] of [
      ['gzip', zlib.gzipSync(Buffer.from('x'))],
      [undefined, Buffer.from('x')],
    ] as const) {
      const failing = Readable.from(
        (async function* () {
          yield first;
          throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        })(),
      );
      await expect(readCappedBody(failing, encoding, 100, () => {})).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
    }
  });

  it('a body cut before its end fails, coded or not, and a cut stream is not read on', async () => {
    for (const encoding of ['gzip', undefined]) {
      const cut = new Readable({ read() {} });
      cut.push(encoding ? zlib.gzipSync(Buffer.from('x')).subarray(0, 5) : Buffer.from('x'));
      setImmediate(() => cut.destroy());
      await expect(readCappedBody(cut, encoding, 100, () => {})).rejects.toMatchObject({
        code: 'ERR_STREAM_PREMATURE_CLOSE',
      });
    }
  });

  it('stops reading at the cap and ends the stream', async () => {
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 'a'));
      },
    });
    const result = await readCappedBody(endless, undefined, 2500, () => {});
    expect(result.body.length).toBe(2500);
    expect(result.truncated).toBe(true);
    expect(endless.destroyed).toBe(true);
  });
});
