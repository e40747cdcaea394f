import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readAll } from '../support/read-all.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/targets/input-error.ts';
import { MAX_LINE_CHARS } from '../../src/targets/input-lines.ts';
import { MAX_INPUT_BYTES, readTargets } from '../../src/targets/read-inputs.ts';
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

describe('readTargets: input that is real but unusual', () => {
  it("the headers of the programme's own spreadsheets are understood; 序号 is not a rank", async () => {
    const path = await file(
      'programme.csv',
      '序号,网站名称,网址,主办单位,类别\n7,市政府门户,www.hangzhou.gov.cn,市政府办公厅,政府\n' +
        '8,统计局,https://tjj.hangzhou.gov.cn/,市统计局,部门\n',
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path], top: 1 }));
    expect(records).toEqual([
      expect.objectContaining({
        valid: true,
        host: 'www.hangzhou.gov.cn',
        name: '市政府门户',
        owner: '市政府办公厅',
        category: '政府',
        rank: null,
      }),
    ]);
  });

  it.each([
    ['网站地址,名称,责任单位,分类,排名', 'www.example.cn,门户,办公厅,政府,2'],
    ['域名,名称,单位,类型,排名', 'www.example.cn,门户,办公厅,政府,2'],
    ['URL,网站名称,主办单位,类别,排名', 'www.example.cn,门户,办公厅,政府,2'],
  ])('the header %s names every column', async (header, row) => {
    const path = await file('zh-header.csv', `${header}\n${row}\n`);
    const [record] = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(record).toMatchObject({
      valid: true,
      host: 'www.example.cn',
      name: '门户',
      owner: '办公厅',
      category: '政府',
      rank: 2,
    });
  });

  it('a Notepad "Unicode" (UTF-16 LE) list is read, not lost', async () => {
    const text = '网址,主办单位\r\nwww.example.cn,办公厅\r\n';
    const path = await file(
      'notepad.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(records).toEqual([expect.objectContaining({ host: 'www.example.cn', owner: '办公厅' })]);
  });

  it('an input whose every line is invalid is refused with its first three reasons', async () => {
    const path = await file('all-bad.txt', '192.0.2.1\nintranet\nexa mple.com\nfoo_bar.cn\n');
    const reading = readAll(readTargets({ args: [], inputFiles: [path] }));
    await expect(reading).rejects.toBeInstanceOf(InputError);
    const message = await reading.catch((error: Error) => error.message);
    const lines = String(message).split('\n');
    expect(lines[0]).toBe('no valid target in the input (4 invalid); the first problems:');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/IP addresses are not targets.*all-bad\.txt line 1\)$/),
      expect.stringMatching(/single label.*line 2\)$/),
      expect.stringMatching(/space.*line 3\)$/),
    ]);
  });

  it('a comma inside a URL is no CSV hint: data: and a path with a comma get their own reason', async () => {
    const path = await file(
      'urls.txt',
      'data:text/plain,hello\ndata:text/html,<a:b>\nhttps://www.example.com/a,b\nwww.example.cn/x,y\n',
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(records[0]).toMatchObject({ valid: false, reason: expect.stringMatching(/not data:/) });
    expect(records[1]).toMatchObject({ valid: false, reason: expect.stringMatching(/not data:/) });
    expect(records[2]).toMatchObject({
      valid: true,
      entryUrls: ['https://www.example.com/a,b'],
    });
    expect(records[3]).toMatchObject({ valid: true, host: 'www.example.cn' });
    for (const record of records) {
      if (!record.valid) expect(record.reason).not.toMatch(/comma/);
    }
  });

  it("an unclosed CSV quote is its own line's error and the following lines are still read", async () => {
    const path = await file(
      'quote.csv',
      'target,owner\n"www.broken.cn,Bureau A\nwww.example.cn,Bureau B\nwww.example.com,Bureau C\n',
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(records).toEqual([
      expect.objectContaining({
        valid: false,
        reason: expect.stringMatching(
          /quote opened on this line is never closed.*quote\.csv line 2/,
        ),
      }),
      expect.objectContaining({ valid: true, host: 'www.example.cn', owner: 'Bureau B' }),
      expect.objectContaining({ valid: true, host: 'www.example.com', owner: 'Bureau C' }),
    ]);
  });

  it('NUL and other control bytes never reach the target or the reason raw', async () => {
    const path = await file(
      'controls.txt',
      'www.example.cn\nexa\u0000mple.com\nbad\u001b[31m.cn\n',
    );
    const records = await readAll(readTargets({ args: [], inputFiles: [path] }));
    const invalid = records.filter((record) => !record.valid);
    expect(invalid).toHaveLength(2);
    for (const record of invalid) {
      // eslint-disable-next-line no-control-regex
      expect(`${record.input} ${record.reason}`).not.toMatch(/[\u0000-\u001f]/);
    }
    expect(invalid[0]?.input).toBe('exa\\u0000mple.com');
  });

  it('a long invalid line is echoed cut to 200 characters with an ellipsis', async () => {
    const long = `${'a'.repeat(5000)} b.cn`;
    const path = await file('long.txt', `www.example.cn\n${long}\n`);
    const [, record] = await readAll(readTargets({ args: [], inputFiles: [path] }));
    expect(record?.input).toBe(`${'a'.repeat(200)}…`);
    expect(record?.valid === false && record.reason.length).toBeLessThan(400);
  });

  it('a line longer than the cap refuses the input, naming the line', async () => {
    const path = await file('huge-line.txt', `www.example.cn\n${'x'.repeat(MAX_LINE_CHARS + 1)}\n`);
    await expect(readAll(readTargets({ args: [], inputFiles: [path] }))).rejects.toThrow(
      `huge-line.txt line 2 is longer than ${MAX_LINE_CHARS} characters`,
    );
  });

  it('more than the total size cap refuses the input', async () => {
    // Comment lines of 1 KiB: cheap to split, so the cap itself is what ends the read.
    const commentChunk = Buffer.from(`#${'c'.repeat(1022)}\n`.repeat(1024));
    let chunksRead = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('www.example.cn\n');
      for (;;) {
        chunksRead += 1;
        yield commentChunk;
      }
    }
    const reading = readAll(readTargets({ args: [], inputFiles: ['-'], stdin: endless() }));
    await expect(reading).rejects.toThrow(/the input is larger than 256 MiB/);
    expect(chunksRead).toBe(MAX_INPUT_BYTES / commentChunk.length);
  });
});
