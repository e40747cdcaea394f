import { describe, expect, it } from 'vitest';
import { decodeChunks, detectEncoding, SNIFF_BYTES } from '../../src/targets/decode-input.ts';
import { readAll } from '../support/read-all.ts';

async function* inPieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function decoded(bytes: Uint8Array, pieceSize = 1): Promise<string> {
  return (await readAll(decodeChunks(inPieces(bytes, pieceSize)))).join('');
}

const TEXT = '序号,网站名称,网址\n1,门户,www.example.cn\n';

function utf16be(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  for (let at = 0; at + 1 < bytes.length; at += 2) {
    const low = bytes[at] ?? 0;
    bytes[at] = bytes[at + 1] ?? 0;
    bytes[at + 1] = low;
  }
  return bytes;
}

describe('decodeChunks', () => {
  it('UTF-16 LE with a BOM (Notepad "Unicode") is decoded, even a byte at a time', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
    expect(await decoded(bytes)).toBe(TEXT);
  });

  it('UTF-16 BE with a BOM is decoded', async () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]);
    expect(await decoded(bytes, 3)).toBe(TEXT);
  });

  it('UTF-8 loses its BOM and keeps a character cut between pieces', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]);
    expect(await decoded(bytes, 1)).toBe(TEXT);
    expect(await decoded(Buffer.from(TEXT), 2)).toBe(TEXT);
  });

  it('bytes that are not UTF-8 are read as GB18030', async () => {
    const bytes = Buffer.concat([Buffer.from('owner\n'), Buffer.from([0xd5, 0xfe, 0xce, 0xf1])]);
    expect(await decoded(bytes, 5)).toBe('owner\n政务');
  });

  it('the encoding is chosen from the first bytes, so a long UTF-8 file stays UTF-8', async () => {
    const long = `${'a.example.com\n'.repeat(SNIFF_BYTES / 8)}政务.example\n`;
    const text = await decoded(Buffer.from(long), 4096);
    expect(text.endsWith('政务.example\n')).toBe(true);
  });
});

describe('detectEncoding', () => {
  it('a byte-order mark decides; without one UTF-8 unless the bytes are not UTF-8', () => {
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBe('utf-16le');
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toBe('utf-16be');
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('政务'))).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0xd5, 0xfe, 0xce, 0xf1]))).toBe('gb18030');
  });

  it('a UTF-8 character cut at the end of the sniffed bytes is still UTF-8', () => {
    expect(detectEncoding(Buffer.from('政务').subarray(0, 4))).toBe('utf-8');
  });
});
