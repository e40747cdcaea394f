export type InputEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Bytes looked at to choose between UTF-8 and GB18030 when a file has no byte-order mark. */
export const SNIFF_BYTES = 64 * 1024;

const BYTE_ORDER_MARKS: { encoding: InputEncoding; bytes: number[] }[] = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/**
 * Chooses how to read an input from its first bytes. A byte-order mark decides (Notepad's
 * "Unicode" is UTF-16 LE with one); without one, text that is valid UTF-8 is UTF-8, and anything
 * else is GB18030 (GBK), which Excel and WPS save on a Chinese-locale system.
 */
export function detectEncoding(head: Uint8Array): InputEncoding {
  for (const mark of BYTE_ORDER_MARKS) {
    if (mark.bytes.every((byte, at) => head[at] === byte)) {
      return mark.encoding;
    }
  }
  try {
    // stream: true accepts a character cut at the end of the sniffed bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * Decodes a byte stream into text pieces. The encoding is chosen once, from the first
 * SNIFF_BYTES (or the whole input when shorter); a later byte that is not valid in it becomes
 * U+FFFD, which no host name accepts, so the line it is on is reported rather than lost.
 */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  for await (const chunk of chunks) {
    if (decoder !== null) {
      const text = decoder.decode(chunk, { stream: true });
      if (text !== '') yield text;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.byteLength;
    if (headBytes < SNIFF_BYTES) continue;
    decoder = decoderFor(Buffer.concat(head));
    const text = decoder.decode(Buffer.concat(head), { stream: true });
    head.length = 0;
    if (text !== '') yield text;
  }
  if (decoder === null) {
    const all = Buffer.concat(head);
    decoder = decoderFor(all);
    const text = decoder.decode(all, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

function decoderFor(head: Uint8Array): InstanceType<typeof TextDecoder> {
  // ignoreBOM: false (the default) drops the mark itself, whichever encoding it announced.
  return new TextDecoder(detectEncoding(head));
}
