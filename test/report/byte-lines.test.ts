import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ByteReader, readByteLines, type ByteLine } from '../../src/report/byte-lines.ts';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-lines-'));
  path = join(dir, 'file.txt');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Lines as text with their offsets, copied out before the next read reuses the buffer. */
async function linesOf(reader: ByteReader): Promise<[string, number][]> {
  const lines: [string, number][] = [];
  for (let line = await reader.readLine(); line; line = await reader.readLine()) {
    lines.push([line.bytes.toString('utf8'), line.offset]);
  }
  await reader.close();
  return lines;
}

/** What splitting the whole text gives, with each line's byte offset. */
function expectedLines(text: string): [string, number][] {
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  let offset = 0;
  return parts.map((part) => {
    const line: [string, number] = [part, offset];
    offset += Buffer.byteLength(part) + 1;
    return line;
  });
}

describe('ByteReader', () => {
  const text = 'first\n\nthird line, longer than a read\nzweite Zeile: 中文\nlast without newline';

  it.each([1, 2, 3, 7, 64, 1 << 20])(
    'reads every line with its byte offset, whatever the read size (%i bytes)',
    async (readBytes) => {
      await writeFile(path, text);
      expect(await linesOf(new ByteReader(path, readBytes))).toEqual(expectedLines(text));
    },
  );

  it('reads a file that ends in a newline without an empty last line', async () => {
    await writeFile(path, 'a\nb\n');
    expect(await linesOf(new ByteReader(path, 3))).toEqual([
      ['a', 0],
      ['b', 2],
    ]);
  });

  it('skips to the end of the next line with a prefix, across reads, and goes on after it', async () => {
    const block = '    {\n      "a": {\n        "b": 1\n      }\n    },\n    {\n    }\n  ]\n';
    await writeFile(path, block);
    for (const readBytes of [1, 5, 16, 1 << 20]) {
      const reader = new ByteReader(path, readBytes);
      expect((await reader.readLine())?.offset).toBe(0);
      const rest = (await reader.readThroughLineStarting(Buffer.from('    }'))) as ByteLine;
      expect(rest.bytes.toString()).toBe('      "a": {\n        "b": 1\n      }\n    },');
      expect(rest.offset).toBe(6);
      expect((await reader.readLine())?.bytes.toString()).toBe('    {');
      // A line that itself starts with the prefix is found at once.
      const close = (await reader.readThroughLineStarting(Buffer.from('    }'))) as ByteLine;
      expect([close.bytes.toString(), close.offset]).toEqual([
        '    }',
        block.lastIndexOf('    }\n'),
      ]);
      expect(await linesOf(reader)).toEqual([['  ]', block.indexOf('  ]')]]);
    }
  });

  it('says null when no line starts with the prefix', async () => {
    await writeFile(path, 'one\n  two\nthree');
    const reader = new ByteReader(path, 4);
    expect(await reader.readThroughLineStarting(Buffer.from('two'))).toBeNull();
    await reader.close();
  });

  it('tells whether the file starts with given bytes, also when it is shorter', async () => {
    await writeFile(path, '{\n"a": 1}');
    expect(await new ByteReader(path, 1).startsWith(Buffer.from('{\n'))).toBe(true);
    expect(await new ByteReader(path, 1).startsWith(Buffer.from('{"'))).toBe(false);
    await writeFile(path, '{');
    expect(await new ByteReader(path, 1).startsWith(Buffer.from('{\n'))).toBe(false);
  });

  it('reads a line many times longer than a read', async () => {
    const long = 'x'.repeat(10_000);
    await writeFile(path, `a\n${long}\nb\n`);
    expect(await linesOf(new ByteReader(path, 16))).toEqual([
      ['a', 0],
      [long, 2],
      ['b', 10_003],
    ]);
  });

  it('is what readByteLines yields, line by line', async () => {
    await writeFile(path, text);
    const lines: [string, number][] = [];
    for await (const line of readByteLines(path)) {
      lines.push([line.bytes.toString('utf8'), line.offset]);
    }
    expect(lines).toEqual(expectedLines(text));
  });
});
