import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchedFileWriter } from '../../src/report/write-atomically.ts';
import {
  DeflatingWriter,
  ZipLimitError,
  ZipWriter,
  type ByteSink,
} from '../../src/report/zip-writer.ts';
import { readZip } from '../support/read-zip.ts';

const UNZIP = '/usr/bin/unzip';
const haveUnzip = existsSync(UNZIP);
if (!haveUnzip) {
  console.warn(
    `zip checks with unzip skipped: ${UNZIP} missing (bash .ci/install-report-readers.sh)`,
  );
}

/** Collects what is written; copies, since a writer may reuse what it handed over. */
function memorySink(): ByteSink & { bytes(): Buffer; writes: number } {
  const chunks: Buffer[] = [];
  return {
    writes: 0,
    async writeBytes(bytes) {
      this.writes += 1;
      chunks.push(Buffer.from(bytes));
    },
    bytes: () => Buffer.concat(chunks),
  };
}

/** Half random (incompressible), half repeated text: several deflate batches either way. */
const large = Buffer.concat([
  randomBytes(700 * 1024),
  Buffer.from('<row r="1"><c r="A1" t="inlineStr"><is><t>杭州</t></is></c></row>'.repeat(20_000)),
]);
const NON_ASCII_NAME = 'xl/工作表/données ü.xml';
let directory: string;
let archivePath: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'v6ready-zip-'));
  archivePath = path.join(directory, 'archive.zip');
  const handle = await open(archivePath, 'wx');
  const file = new BatchedFileWriter(handle);
  const zip = new ZipWriter(file, { modifiedAt: new Date(2026, 11, 2, 16, 30, 44) });
  await zip.add('small.txt', 'hello, zip\n');
  await zip.add('empty.txt', '');
  const entry = await zip.open('large.bin');
  for (let at = 0; at < large.length; at += 100_000) {
    await entry.write(large.subarray(at, at + 100_000));
  }
  await entry.close();
  await zip.add(NON_ASCII_NAME, '名字不是 ASCII');
  await zip.finish();
  await file.flush();
  await handle.close();
});

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('ZipWriter read back by a reader of the format', () => {
  it('holds every entry with its bytes, sizes and CRC-32, in the order written', async () => {
    const entries = readZip(await readFile(archivePath));
    expect(entries.map((entry) => entry.name)).toEqual([
      'small.txt',
      'empty.txt',
      'large.bin',
      NON_ASCII_NAME,
    ]);
    const [small, empty, big, named] = entries;
    expect(small!.data.toString('utf8')).toBe('hello, zip\n');
    expect(empty!.data.length).toBe(0);
    expect(big!.data.equals(large)).toBe(true);
    expect(big!.crc32).toBe(crc32(large));
    // The repeated half compresses: the entry is deflated, not stored.
    expect(big!.compressedBytes).toBeLessThan(large.length * 0.75);
    expect(named!.data.toString('utf8')).toBe('名字不是 ASCII');
    for (const entry of entries) {
      expect(entry.method, entry.name).toBe(8);
      expect(entry.flags & 0x0808, entry.name).toBe(0x0808); // data descriptor, UTF-8 name
    }
  });

  it.skipIf(!haveUnzip)('passes unzip -t, and unzip -p gives back each entry byte for byte', () => {
    const test = execFileSync(UNZIP, ['-t', archivePath], { encoding: 'utf8' });
    expect(test).toMatch(/No errors detected in compressed data/);
    const unzipped = execFileSync(UNZIP, ['-p', archivePath, 'large.bin'], {
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(unzipped.equals(large)).toBe(true);
    expect(execFileSync(UNZIP, ['-p', archivePath, 'empty.txt']).length).toBe(0);
    // unzip -Z1 lists the names as stored: the UTF-8 flag makes it read them as UTF-8.
    const names = execFileSync(UNZIP, ['-Z1', archivePath], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    });
    expect(names.split('\n')).toContain(NON_ASCII_NAME);
  });
});

describe('ZipWriter streaming', () => {
  it('hands the sink compressed batches as they fill, not the entry at its end', async () => {
    const sink = memorySink();
    const zip = new ZipWriter(sink);
    const entry = await zip.open('sheet.xml');
    const row = `<row>${randomBytes(2000).toString('base64')}</row>`;
    let writesWhileOpen = 0;
    for (let rows = 0; rows < 1000; rows += 1) await entry.write(row);
    writesWhileOpen = sink.writes;
    await entry.close();
    await zip.finish();
    // ~2.7 MB of text in 256 KiB batches: about ten deflated batches before the entry ends.
    expect(writesWhileOpen).toBeGreaterThanOrEqual(9);
    expect(readZip(sink.bytes())[0]!.data.toString('utf8')).toBe(row.repeat(1000));
  });

  it('takes a string longer than a batch, multi-byte characters included, whole', async () => {
    const sink = memorySink();
    const zip = new ZipWriter(sink);
    const text = `${'杭州市人民政府🙂'.repeat(60_000)}end`;
    await zip.add('text.xml', text);
    await zip.finish();
    expect(readZip(sink.bytes())[0]!.data.toString('utf8')).toBe(text);
  });

  it('adds a body deflated elsewhere as an entry like any other', async () => {
    const spilled = memorySink();
    const body = new DeflatingWriter(spilled, 'xl/worksheets/sheet3.xml');
    await body.write('<sheetData>');
    await body.write(large);
    await body.write('</sheetData>');
    const size = await body.end();
    const sink = memorySink();
    const zip = new ZipWriter(sink);
    await zip.add('first.xml', '<a/>');
    await zip.addDeflated('xl/worksheets/sheet3.xml', size, [spilled.bytes()]);
    await zip.finish();
    const [first, sheet] = readZip(sink.bytes());
    expect(first!.data.toString('utf8')).toBe('<a/>');
    expect(
      sheet!.data.equals(
        Buffer.concat([Buffer.from('<sheetData>'), large, Buffer.from('</sheetData>')]),
      ),
    ).toBe(true);
  });

  it('refuses a second entry while one is open, and an entry after the directory', async () => {
    const zip = new ZipWriter(memorySink());
    const entry = await zip.open('one.xml');
    await expect(zip.open('two.xml')).rejects.toThrow(/two\.xml started while an entry is open/);
    await expect(zip.finish()).rejects.toThrow(/still open/);
    await entry.close();
    await zip.finish();
    await expect(zip.add('late.xml', '')).rejects.toThrow(/already finished/);
  });
});

describe('ZipWriter limits (no ZIP64)', () => {
  it('refuses the 65,536th entry rather than write a directory count that wraps', async () => {
    const zip = new ZipWriter({ writeBytes: async () => undefined });
    for (let entry = 0; entry < 65_535; entry += 1) await zip.add(`${entry}`, '');
    await expect(zip.add('65535', '')).rejects.toThrow(ZipLimitError);
    await expect(zip.add('65535', '')).rejects.toThrow(/more than 65535 entries need ZIP64/);
  });

  it('refuses an entry or archive past the 4 GiB a ZIP32 field holds (a lower bound here)', async () => {
    const entryLimit = new ZipWriter(memorySink(), { maxBytes: 1_000_000 });
    const entry = await entryLimit.open('big.xml');
    const error = await (async () => {
      for (let chunk = 0; chunk < 8; chunk += 1) await entry.write(Buffer.alloc(200_000, 0x41));
      await entry.close();
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZipLimitError);
    expect(String(error)).toMatch(/big\.xml: over 4 GiB uncompressed/);

    const archiveLimit = new ZipWriter(memorySink(), { maxBytes: 600_000 });
    const random = randomBytes(200_000);
    await archiveLimit.add('one.bin', random);
    await archiveLimit.add('two.bin', random);
    await expect(archiveLimit.add('three.bin', random)).rejects.toThrow(/archive over 4 GiB/);
  });
});
