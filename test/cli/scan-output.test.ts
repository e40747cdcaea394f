/**
 * What a scan does with its --out directory, through the real CLI: no earlier result is lost,
 * a resume keeps the options it was measured with, and file-system refusals are one line.
 * The only resolver is 127.0.0.1:9, where nothing listens: every site is an `error` row at once,
 * and nothing leaves loopback.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReportJson, runCli, type CliRun } from '../scan/run-cli.ts';

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-out-'));
  // Readable by the unprivileged user of the read-only test.
  await chmod(workDir, 0o755);
});

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/**
 * Offline: the one resolver is a closed loopback port, so every lookup fails at once. The vantage
 * check asks closed loopback ports too (a port-unreachable answer counts), never a root server.
 */
function scan(outDir: string, extra: string[]): Promise<CliRun> {
  return runCli(scanArgs(outDir, extra));
}

function scanArgs(outDir: string, extra: string[]): string[] {
  return [
    'scan',
    '--out',
    outDir,
    '--resolver',
    '127.0.0.1:9',
    '--allow-private',
    '--vantage-probe',
    '127.0.0.1:9',
    '--vantage-probe',
    '[::1]:9',
    '--no-progress',
    ...extra,
  ];
}

function expectOneLineUsageError(run: CliRun, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('an --out that holds an earlier scan', { timeout: 180_000 }, () => {
  it('is refused without --resume or --force, and keeps its results; --force starts afresh', async () => {
    const outDir = path.join(workDir, 'second-scan');
    expect((await scan(outDir, ['one.example', 'two.example'])).code).toBe(0);
    const before = await readFile(path.join(outDir, 'sites.jsonl'), 'utf8');

    const again = await scan(outDir, ['three.example']);
    expectOneLineUsageError(again, /holds an earlier scan.*--resume.*--force/);
    expect(await readFile(path.join(outDir, 'sites.jsonl'), 'utf8')).toBe(before);
    expect((await readReportJson(outDir)).sites).toHaveLength(2);

    const forced = await scan(outDir, ['--force', 'three.example']);
    expect(forced.code).toBe(0);
    expect((await readReportJson(outDir)).sites.map((site) => site.target)).toEqual([
      'three.example',
    ]);
  });

  it('a directory with other files is refused too, and --force leaves those files alone', async () => {
    const outDir = path.join(workDir, 'foreign');
    await mkdir(outDir);
    await writeFile(path.join(outDir, 'notes.txt'), 'mine');
    expectOneLineUsageError(await scan(outDir, ['one.example']), /is not empty/);
    expect((await scan(outDir, ['--force', 'one.example'])).code).toBe(0);
    expect(await readFile(path.join(outDir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('an --out that cannot be written', { timeout: 180_000 }, () => {
  it('a file is refused in one line', async () => {
    const file = path.join(workDir, 'a-file');
    await writeFile(file, 'x');
    expectOneLineUsageError(await scan(file, ['one.example']), /--out .*a-file is a file/);
    expectOneLineUsageError(
      await scan(path.join(file, 'below'), ['one.example']),
      /cannot write there \(a part of the path is a file\)/,
    );
  });

  it('a read-only directory is refused in one line', async () => {
    const outDir = path.join(workDir, 'read-only');
    await mkdir(outDir);
    await chmod(outDir, 0o555);
    // root writes anywhere: run as nobody, as an operator without rights would.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = await runCli(scanArgs(outDir, ['one.example']), {
      spawn: asNobody,
      env: { HOME: workDir },
    });
    expectOneLineUsageError(run, /cannot write there \(permission denied\)/);
  });
});

describe('--resume', { timeout: 180_000 }, () => {
  it('refuses options that change the measurement and names them', async () => {
    const outDir = path.join(workDir, 'resume-options');
    expect((await scan(outDir, ['--depth', '0', 'one.example'])).code).toBe(0);
    const before = await readFile(path.join(outDir, 'report.json'), 'utf8');
    const resumed = await scan(outDir, [
      '--resume',
      '--depth',
      '2',
      '--profile',
      'strict',
      'one.example',
    ]);
    expectOneLineUsageError(resumed, /other options \(depth 0 vs 2, profile "default" vs "strict"/);
    expect(await readFile(path.join(outDir, 'report.json'), 'utf8')).toBe(before);
  });

  it('with a reordered and changed input re-indexes kept rows and drops the rows not asked for', async () => {
    const outDir = path.join(workDir, 'resume-reordered');
    expect((await scan(outDir, ['a.example', 'b.example', 'c.example'])).code).toBe(0);
    const first = await readReportJson(outDir);
    const scannedB = first.sites.find((site) => site.target === 'b.example')?.scanned_at;

    const resumed = await scan(outDir, ['--resume', 'd.example', 'c.example', 'b.example']);
    expect(resumed.code).toBe(0);
    const report = await readReportJson(outDir);
    expect(report.sites.map((site) => [site.index, site.target])).toEqual([
      [0, 'd.example'],
      [1, 'c.example'],
      [2, 'b.example'],
    ]);
    // Kept, not measured again.
    expect(report.sites[2]?.scanned_at).toBe(scannedB);
    expect(report).toMatchObject({ complete: true, sites_done: 3, sites_total: 3 });
    expect(report.summary.total).toBe(3);
    // The reports for people are read back from report.json: the same rows, in its order.
    const html = await readFile(path.join(outDir, 'report.html'), 'utf8');
    const positions = ['d.example', 'c.example', 'b.example'].map((target) => html.indexOf(target));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((left, right) => left - right)).toEqual(positions);
    expect(html).not.toContain('a.example');
  });
});

describe('merge and diff through the CLI', { timeout: 180_000 }, () => {
  it('merge of a missing directory is one line, exit 2', async () => {
    const run = await runCli([
      'merge',
      path.join(workDir, 'nowhere'),
      '--out',
      path.join(workDir, 'm0'),
    ]);
    expectOneLineUsageError(run, /nowhere: no such file or directory/);
  });

  it('merge of too few shards exits 3 and says which is missing, unless --allow-partial', async () => {
    const targets = ['1.example', '2.example', '3.example', '4.example', '5.example', '6.example'];
    const shard0 = path.join(workDir, 'part-0');
    expect((await scan(shard0, ['--shard', '0/3', ...targets])).code).toBe(0);
    const shard2 = path.join(workDir, 'part-2');
    expect((await scan(shard2, ['--shard', '2/3', ...targets])).code).toBe(0);
    const merged = path.join(workDir, 'merged-partial');
    const run = await runCli(['merge', shard0, shard2, '--out', merged]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/shards missing: 1 \(of 3\)/);
    const report = await readReportJson(merged);
    expect(report).toMatchObject({ complete: false, sites_total: 6 });
    expect(report.sites_done).toBeLessThan(6);

    const allowed = await runCli(['merge', shard0, shard2, '--out', merged, '--allow-partial']);
    expect(allowed.code).toBe(0);

    const other = path.join(workDir, 'part-other');
    expect((await scan(other, ['--shard', '1/3', '--depth', '1', ...targets])).code).toBe(0);
    const refused = await runCli(['merge', shard0, other, '--out', path.join(workDir, 'm2')]);
    expectOneLineUsageError(refused, /other options than .*part-0 \(depth 1 vs 2\)/);
  });

  it('diff names a partial side on stderr and in its output', async () => {
    const whole = path.join(workDir, 'whole');
    expect((await scan(whole, ['x.example', 'y.example'])).code).toBe(0);
    const partial = path.join(workDir, 'partial');
    expect((await scan(partial, ['x.example'])).code).toBe(0);
    const reportPath = path.join(partial, 'report.json');
    const json = JSON.parse(await readFile(reportPath, 'utf8')) as Record<string, unknown>;
    await writeFile(
      reportPath,
      JSON.stringify({ ...json, complete: false, sites_total: 2 }, null, 2),
    );

    const text = await runCli(['diff', whole, partial]);
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/warning: new report .* is partial: 1 of 2 sites/);
    expect(text.stdout).toMatch(/^note: new report .* is partial: 1 of 2 sites/);
    const asJson = await runCli(['diff', '--json', whole, partial]);
    expect(JSON.parse(asJson.stdout)).toMatchObject({
      old: { complete: true },
      new: { complete: false, sites_done: 1, sites_total: 2 },
      changes: [{ target: 'y.example', direction: 'removed' }],
    });
  });

  it('--baseline names a partial baseline in a warning line, and a broken one is exit 2', async () => {
    const baseline = path.join(workDir, 'baseline');
    expect((await scan(baseline, ['p.example', 'q.example'])).code).toBe(0);
    const reportPath = path.join(baseline, 'report.json');
    const json = JSON.parse(await readFile(reportPath, 'utf8')) as Record<string, unknown>;
    await writeFile(
      reportPath,
      JSON.stringify({ ...json, complete: false, sites_total: 5 }, null, 2),
    );
    const run = await scan(path.join(workDir, 'after-baseline'), [
      '--baseline',
      reportPath,
      'p.example',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: --baseline report .* is partial: 2 of 5 sites/);

    await writeFile(reportPath, JSON.stringify({ ...json, sites: [{ index: 0 }] }, null, 2));
    expectOneLineUsageError(
      await scan(path.join(workDir, 'after-broken'), ['--baseline', reportPath, 'p.example']),
      /--baseline: .*site 1: target is missing/,
    );
  });

  it('diff of a report that lacks site fields is one line, exit 2', async () => {
    const outDir = path.join(workDir, 'spoiled');
    expect((await scan(outDir, ['z.example'])).code).toBe(0);
    const reportPath = path.join(outDir, 'report.json');
    const json = JSON.parse(await readFile(reportPath, 'utf8')) as {
      sites: Record<string, unknown>[];
    };
    delete json.sites[0]!.figures;
    await writeFile(reportPath, JSON.stringify(json, null, 2));
    expectOneLineUsageError(await runCli(['diff', outDir, outDir]), /site 1: figures/);
    expect((await stat(reportPath)).isFile()).toBe(true);
  });
});
