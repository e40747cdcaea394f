import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareOutputDir } from '../../src/report/output-dir.ts';
import { UserError } from '../../src/user-error.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-outdir-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('prepareOutputDir', () => {
  it('counts the temporary report a killed run left as an earlier scan', async () => {
    await writeFile(join(dir, 'report.json.4242.0a1b2c3d.tmp'), '{');
    await expect(prepareOutputDir(dir, 'fresh')).rejects.toThrow(/holds an earlier scan/);
  });

  it('--force removes the files a scan writes and their leftovers, nothing else', async () => {
    for (const name of ['sites.jsonl', 'scan.json', 'report.json', 'report.csv']) {
      await writeFile(join(dir, name), 'x');
    }
    await writeFile(join(dir, 'report.csv.7.deadbeef.tmp'), 'x');
    await writeFile(join(dir, 'report.json.backup'), 'mine');
    await prepareOutputDir(dir, 'force');
    expect(await readdir(dir)).toEqual(['report.json.backup']);
  });

  it('creates a missing directory, and keeps everything for --resume', async () => {
    await prepareOutputDir(join(dir, 'a', 'b'), 'fresh');
    expect(await readdir(join(dir, 'a'))).toEqual(['b']);
    await writeFile(join(dir, 'sites.jsonl'), 'x');
    await prepareOutputDir(dir, 'resume');
    expect(await readdir(dir)).toContain('sites.jsonl');
  });

  it('refuses a file as --out with a user error', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(prepareOutputDir(join(dir, 'file'), 'fresh')).rejects.toBeInstanceOf(UserError);
  });
});
