import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeThroughTemporaryFile } from '../../src/report/write-atomically.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-atomic-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeThroughTemporaryFile', () => {
  it('writes pieces of every size and script in order, byte for byte', async () => {
    const pieces = [
      'plain ascii,',
      '中文站点名称',
      '😀 and a lone surrogate \ud800 end',
      'x'.repeat(1_500_000),
      ...Array.from({ length: 400 }, (_, at) => `${at}:${'站'.repeat(1_000)}\n`),
      '',
      'y'.repeat(700_000),
      'tail',
    ];
    const path = join(dir, 'out.txt');
    await writeThroughTemporaryFile(path, async (file) => {
      for (const piece of pieces) await file.writer.write(piece);
    });
    expect((await readFile(path)).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(await readdir(dir)).toEqual(['out.txt']);
  });

  it('removes the temporary file and keeps the earlier file when the writing fails', async () => {
    const path = join(dir, 'out.txt');
    await writeThroughTemporaryFile(path, (file) => file.writer.write('earlier'));
    await expect(
      writeThroughTemporaryFile(path, async (file) => {
        await file.writer.write('half');
        throw new Error('stopped');
      }),
    ).rejects.toThrow('stopped');
    expect(await readdir(dir)).toEqual(['out.txt']);
    expect(await readFile(path, 'utf8')).toBe('earlier');
  });
});
