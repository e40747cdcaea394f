/**
 * Lines of a file with their byte offsets, read in chunks: the readers of sites.jsonl and
 * report.json keep where each site sits instead of the site itself, so memory stays flat.
 */
import { createReadStream } from 'node:fs';

export interface ByteLine {
  /** The line without its "\n" (a "\r" before it is kept; our files never write one). */
  bytes: Buffer;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
}

/** A line longer than this is not one of ours (a site line is tens of KB); it fails the read. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export class LineTooLongError extends Error {
  override name = 'LineTooLongError';
}

export async function* readByteLines(path: string): AsyncGenerator<ByteLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineStart = 0;
  let position = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    let from = 0;
    for (let newline = bytes.indexOf(0x0a); newline !== -1; newline = bytes.indexOf(0x0a, from)) {
      const piece = bytes.subarray(from, newline);
      const line = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      yield { bytes: line, offset: lineStart };
      lineStart = position + newline + 1;
      from = newline + 1;
    }
    if (from < bytes.length) {
      pending.push(bytes.subarray(from));
      pendingBytes += bytes.length - from;
      if (pendingBytes > MAX_LINE_BYTES) {
        throw new LineTooLongError(
          `${path}: a line at byte ${lineStart} is over ${MAX_LINE_BYTES} bytes`,
        );
      }
    }
    position += bytes.length;
  }
  if (pendingBytes > 0) yield { bytes: Buffer.concat(pending), offset: lineStart };
}
