import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readAll } from '../support/read-all.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/targets/input-error.ts';
import { readTargets } from '../../src/targets/read-inputs.ts';
import type { TargetRecord, ValidTarget } from '../../src/targets/target.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-targets-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

function hosts(records: TargetRecord[]): string[] {
  return records.map((record) => (record.valid ? record.host : `!${record.input}`));
}

function valid(record: TargetRecord | undefined): ValidTarget {
  if (!record?.valid) throw new Error(`expected a valid target, got ${JSON.stringify(record)}`);
  return record;
}

describe('readTargets: input formats', () => {
  it('plain text skips comments and blank lines', async () => {
    const path = await file(
      'plain.txt',
      '# city portals\n\nwww.gov.example.cn\n  https://www.example.com/portal/  # main\n\n',
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(hosts(records)).toEqual(['www.gov.example.cn', 'www.example.com']);
    expect(valid(records[1]).entryUrls).toEqual(['https://www.example.com/portal/']);
    expect(records[0]).toMatchObject({ category: null, owner: null, name: null, rank: null });
  });

  it('a CSV header names the target column and the metadata columns', async () => {
    const path = await file(
      'meta.csv',
      'owner,domain,category,name,rank\n市政府办公厅,www.gov.example.cn,government,门户网站,\n' +
        'Example Ltd,shop.example.com,commercial,Shop,12\n',
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(records).toEqual([
      expect.objectContaining({
        valid: true,
        index: 0,
        host: 'www.gov.example.cn',
        owner: '市政府办公厅',
        category: 'government',
        name: '门户网站',
        rank: null,
      }),
      expect.objectContaining({ valid: true, index: 1, host: 'shop.example.com', rank: 12 }),
    ]);
  });

  it('a CSV with a UTF-8 BOM and CRLF line ends reads the same', async () => {
    const path = await file(
      'bom.csv',
      '\ufefftarget,category\r\nwww.example.cn,government\r\nwww.example.com,commercial\r\n',
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(hosts(records)).toEqual(['www.example.cn', 'www.example.com']);
    expect(records.map((record) => record.category)).toEqual(['government', 'commercial']);
  });

  it('quoted CSV fields may hold commas and quotes', async () => {
    const path = await file(
      'quoted.csv',
      'url,owner,name\n"https://www.example.com/a,b?x=1","Bureau of Works, North District","The ""New"" Portal"\n',
    );
    const [record] = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(valid(record)).toMatchObject({
      entryUrls: ['https://www.example.com/a,b?x=1'],
      owner: 'Bureau of Works, North District',
      name: 'The "New" Portal',
    });
  });

  it('a single-column CSV with only a header word is read as CSV', async () => {
    const path = await file('one-column.csv', 'domain\nwww.example.cn\n');
    expect(hosts(await readAll(readTargets({ args: [], inputFiles: [path] })))).toEqual([
      'www.example.cn',
    ]);
  });

  it('a Tranco list (rank,domain with no header) carries its ranks', async () => {
    const path = await file('tranco.csv', '1,example.com\n2,example.net\n3,example.org\n');
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(hosts(records)).toEqual(['example.com', 'example.net', 'example.org']);
    expect(records.map((record) => record.rank)).toEqual([1, 2, 3]);
  });

  it('a GB18030 (GBK) file from a Chinese-locale spreadsheet is decoded', async () => {
    // "target,owner\nwww.example.cn,政务" with 政务 in GB18030.
    const bytes = Buffer.concat([
      Buffer.from('target,owner\nwww.example.cn,'),
      Buffer.from([0xd5, 0xfe, 0xce, 0xf1]),
      Buffer.from('\n'),
    ]);
    const path = await file('gbk.csv', bytes);
    const [record] = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(record?.owner).toBe('政务');
  });

  it('"-" reads standard input, once however often it is given', async () => {
    const records = await readAll(
      readTargets({
        args: [],
        inputFiles: ['-', '-'],
        stdin: Readable.from([Buffer.from('www.example.cn\nwww.exa'), Buffer.from('mple.com\n')]),
      }),
    );
    expect(hosts(records)).toEqual(['www.example.cn', 'www.example.com']);
  });

  it('arguments come first, then files in the order given', async () => {
    const first = await file('first.txt', 'b.example.com\n');
    const second = await file('second.txt', 'c.example.com\n');
    const records = await readAll(
      readTargets({ args: ['a.example.com'], inputFiles: [first, second] }),
    );
    expect(hosts(records)).toEqual(['a.example.com', 'b.example.com', 'c.example.com']);
    expect(records.map((record) => record.index)).toEqual([0, 1, 2]);
  });
});

describe('readTargets: invalid lines and unreadable inputs', () => {
  it('an invalid line becomes an invalid target with a reason and its location', async () => {
    const path = await file('bad.txt', 'www.example.cn\n192.0.2.1\nexa mple..test\n');
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(records[1]).toMatchObject({
      valid: false,
      index: 1,
      input: '192.0.2.1',
      reason: expect.stringMatching(/IP addresses are not targets.*bad\.txt line 2\)$/),
    });
    expect(records[2]).toMatchObject({ valid: false, reason: expect.stringMatching(/space/) });
  });

  it('a CSV row with an empty target cell or a bad rank is invalid, keeping its metadata', async () => {
    const path = await file(
      'rows.csv',
      'target,owner,rank\n,Bureau A,1\nwww.example.cn,Bureau B,first\nwww.example.com,Bureau C,3\n',
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(records).toEqual([
      expect.objectContaining({
        valid: false,
        owner: 'Bureau A',
        reason: expect.stringMatching(/target cell is empty.*line 2/),
      }),
      expect.objectContaining({
        valid: false,
        owner: 'Bureau B',
        reason: expect.stringMatching(/rank "first"/),
      }),
      expect.objectContaining({ valid: true, owner: 'Bureau C', rank: 3 }),
    ]);
  });

  it('a comma in a plain-text line points at the missing CSV header', async () => {
    const path = await file(
      'noheader.csv',
      'site,category\nwww.example.cn,government\nwww.example.com\n',
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/header row with a target, domain or url column/),
    });
  });

  it('a missing file throws InputError naming the file', async () => {
    const path = join(dir, 'does-not-exist.txt');
    const reading = readAll(readTargets({ args: [], inputFiles: [path] }));
    await expect(reading).rejects.toBeInstanceOf(InputError);
    await expect(reading).rejects.toThrow(`cannot read input file ${path}: no such file`);
  });

  it('a directory given as a file throws InputError', async () => {
    await expect(readAll(readTargets({ args: [], inputFiles: [dir] }))).rejects.toThrow(
      /cannot read input file .*: it is a directory/,
    );
  });

  it('a --top that is not a positive whole number throws InputError', async () => {
    await expect(
      readAll(readTargets({ args: ['a.example.com'], inputFiles: [], top: 0 })),
    ).rejects.toThrow(InputError);
  });
});

describe('readTargets: duplicates, --top and --category', () => {
  it('a duplicate is kept once, at its first occurrence', async () => {
    const path = await file(
      'dupes.txt',
      'WWW.EXAMPLE.CN\nhttps://www.example.cn/\nhttp://www.example.cn/\nwww.example.cn.\n' +
        'https://www.example.cn/portal/\nhttps://www.example.cn/portal/#top\n',
    );
    const records = await readAll(readTargets({ args: ['www.example.cn'], inputFiles: [path] }));
    expect(records.map((record) => (record.valid ? record.entryUrls[0] : record.input))).toEqual([
      'https://www.example.cn/',
      'http://www.example.cn/',
      'https://www.example.cn/portal/',
    ]);
    expect(records[0]?.input).toBe('www.example.cn');
    expect(records.map((record) => record.index)).toEqual([0, 1, 2]);
  });

  it('a Unicode name and its punycode form are one target', async () => {
    const records = await readAll(
      readTargets({
        args: ['政务.example', 'xn--zfr164b.example'],
        inputFiles: [],
      }),
    );
    expect(records).toHaveLength(1);
  });

  it('--top keeps the best ranks in input order, unranked targets last', async () => {
    const path = await file(
      'ranked.csv',
      'target,rank\nunranked-a.example.com,\nr30.example.com,30\nr2.example.com,2\n' +
        'unranked-b.example.com,\nr10.example.com,10\n',
    );
    const topThree = await readAll(readTargets({ args: [], inputFiles: [path], top: 3 }));
    expect(hosts(topThree)).toEqual(['r30.example.com', 'r2.example.com', 'r10.example.com']);
    expect(topThree.map((record) => record.index)).toEqual([0, 1, 2]);

    const topFour = await readAll(readTargets({ args: [], inputFiles: [path], top: 4 }));
    expect(hosts(topFour)).toEqual([
      'unranked-a.example.com',
      'r30.example.com',
      'r2.example.com',
      'r10.example.com',
    ]);
  });

  it('--top applies after duplicates are dropped', async () => {
    const path = await file('tranco-dupes.csv', '1,example.com\n2,example.com\n3,example.net\n');
    const records = await readAll(readTargets({ args: [], inputFiles: [path], top: 2 }));
    expect(hosts(records)).toEqual(['example.com', 'example.net']);
  });

  it('--category fills only targets that have none', async () => {
    const path = await file(
      'categories.csv',
      'target,category\na.example.com,government\nb.example.com,\n',
    );
    const records = await readAll(
      readTargets({
        args: ['c.example.com', '10.0.0.1'],
        inputFiles: [path],
        defaultCategory: 'commercial',
      }),
    );
    expect(records.map((record) => record.category)).toEqual([
      'commercial',
      'commercial',
      'government',
      'commercial',
    ]);
  });
});
