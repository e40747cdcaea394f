import { pipeline } from 'node:stream';
import type { Duplex, Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Content codings undone for one body (curl allows 5 too). Each is a decoder stream; a header
 * of thousands of "gzip" would cost thousands of them, and memory with each.
 */
export const MAX_CONTENT_CODINGS = 5;

export interface CappedBody {
  /** The decoded body, at most maxBodyBytes long. */
  body: Buffer;
  /** The decoded body was longer than maxBodyBytes; reading stopped at the cap. */
  truncated: boolean;
}

/**
 * Reads a response body, undoing its Content-Encoding as it streams, and stops at maxBodyBytes
 * of decoded bytes: a small compressed body that inflates to gigabytes costs only the cap.
 * `onRawChunk` runs for every chunk from the network, so the caller can re-arm its idle timer.
 * An encoding it does not know leaves the body as sent.
 */
export async function readCappedBody(
  raw: Readable,
  contentEncoding: string | undefined,
  maxBodyBytes: number,
  onRawChunk: () => void,
): Promise<CappedBody> {
  // Decided from the header alone, before a byte of the body is read.
  const codingCount = countCodings(contentEncoding);
  if (codingCount > MAX_CONTENT_CODINGS) {
    throw new BodyDecodingError(
      contentEncoding ?? '',
      new Error(`${codingCount} content codings, more than ${MAX_CONTENT_CODINGS}`),
    );
  }
  if (codingCount === 0) return readAsSent(raw, maxBodyBytes, onRawChunk);
  const network = { failed: false };
  const rawIterator = observed(raw, onRawChunk, network)[Symbol.asyncIterator]();
  const first = await rawIterator.next();
  if (first.done) return { body: Buffer.alloc(0), truncated: false };
  const rest = (async function* () {
    yield first.value;
    for (let next = await rawIterator.next(); !next.done; next = await rawIterator.next()) {
      yield next.value;
    }
  })();

  const decoders = decodersFor(contentEncoding, first.value);
  const decoded: AsyncIterable<Buffer> =
    decoders.length === 0
      ? rest
      : // The callback only swallows the premature-close error of stopping at the cap; real
        // errors reach the loop below through the last stream.
        (pipeline(rest, ...(decoders as [Duplex]), () => {}) as AsyncIterable<Buffer>);

  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of decoded) {
      const room = maxBodyBytes - length;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        length += room;
        return { body: Buffer.concat(chunks, length), truncated: true };
      }
      chunks.push(chunk);
      length += chunk.length;
    }
  } catch (error) {
    throw network.failed ? error : new BodyDecodingError(contentEncoding ?? '', error);
  }
  return { body: Buffer.concat(chunks, length), truncated: false };
}

/**
 * The body as sent (no coding to undo), read from the stream's events: most pages come so, and
 * an async iterator costs a dozen objects and promises per read. Stops at the cap, cutting the
 * stream; an error of the stream is passed on as it is.
 */
function readAsSent(raw: Readable, maxBodyBytes: number, onChunk: () => void): Promise<CappedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const settle = (error: Error | null, truncated = false): void => {
      if (settled) return;
      settled = true;
      raw.off('data', onData);
      if (error) reject(error);
      else resolve({ body: Buffer.concat(chunks, length), truncated });
    };
    const onData = (chunk: Buffer): void => {
      onChunk();
      const room = maxBodyBytes - length;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        length += room;
        settle(null, true);
        raw.destroy();
        return;
      }
      chunks.push(chunk);
      length += chunk.length;
    };
    if (raw.destroyed) {
      settle(raw.errored ?? prematureClose());
      return;
    }
    raw.once('end', () => settle(null));
    raw.once('error', (error: Error) => settle(error));
    // 'close' follows 'end' too: the error is made only for a stream that closed unsettled.
    raw.once('close', () => {
      if (!settled) settle(raw.errored ?? prematureClose());
    });
    raw.on('data', onData);
  });
}

/** What iterating a stream that closed before its end throws, so both readers fail alike. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** The body arrived but does not decode as its Content-Encoding says. */
export class BodyDecodingError extends Error {
  readonly code = 'V6READY_BODY_DECODING';
  constructor(contentEncoding: string, cause: unknown) {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    super(`body does not decode as "${shortened(contentEncoding)}"${reason}`, { cause });
    this.name = 'BodyDecodingError';
  }
}

/** A header value for a message: a hostile one can be 64 KiB long. */
function shortened(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

/** Codings named in the header, identity aside: the decoders the body would need. */
function countCodings(contentEncoding: string | undefined): number {
  if (contentEncoding === undefined) return 0;
  let count = 0;
  for (const coding of contentEncoding.split(',')) {
    const name = coding.trim().toLowerCase();
    if (name !== '' && name !== 'identity') count++;
  }
  return count;
}

async function* observed(
  raw: AsyncIterable<Buffer>,
  onChunk: () => void,
  network: { failed: boolean },
): AsyncIterable<Buffer> {
  try {
    for await (const chunk of raw) {
      onChunk();
      yield chunk;
    }
  } catch (error) {
    network.failed = true;
    throw error;
  }
}

/**
 * Decoders in the order to apply them (the reverse of the header's). Lenient flushing, as
 * browsers are, so a stream without its trailer still yields what it has.
 */
function decodersFor(contentEncoding: string | undefined, firstChunk: Buffer): Duplex[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity')
    .reverse();
  const decoders: Duplex[] = [];
  for (const [index, coding] of codings.entries()) {
    if (coding === 'gzip' || coding === 'x-gzip') {
      decoders.push(zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    } else if (coding === 'deflate') {
      // "deflate" should be zlib-wrapped (RFC 9110), but some servers send raw deflate.
      const raw = index === 0 && !hasZlibHeader(firstChunk);
      const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
      decoders.push(raw ? zlib.createInflateRaw(options) : zlib.createInflate(options));
    } else if (coding === 'br') {
      decoders.push(
        zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }),
      );
    } else {
      return [];
    }
  }
  return decoders;
}

/** RFC 1950: method 8 in the low nibble and a header checksum divisible by 31. */
function hasZlibHeader(chunk: Buffer): boolean {
  if (chunk.length < 2) return true;
  const cmf = chunk[0] as number;
  const flg = chunk[1] as number;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}
