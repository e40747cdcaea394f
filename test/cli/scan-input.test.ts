import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../scan/run-cli.ts';

/** Input errors end the scan before the vantage check; the probes are named all the same. */
const OFFLINE = ['--no-progress', '--vantage-probe', '127.0.0.1:9', '--vantage-probe', '[::1]:9'];

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-cli-input-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

// None of these reaches the network: each input is refused before the first site.
describe('scan: inputs refused with exit 2', () => {
  it('a list whose every line is invalid exits 2 with its first reasons, one a line', async () => {
    const list = join(dir, 'programme.csv');
    await writeFile(list, '序号,网站名称,网址\n1,门户,192.0.2.1\n2,统计局,intranet\n');
    const out = join(dir, 'out-invalid');
    const run = await runCli(['scan', '--input', list, '--out', out, ...OFFLINE]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('v6ready: no valid target in the input (2 invalid); the first problems:');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}IP addresses are not targets.*programme\.csv line 2\)$/),
      expect.stringMatching(/^ {2}"intranet" is a single label.*programme\.csv line 3\)$/),
    ]);
    expect(await exists(out)).toBe(false);
  }, 60_000);

  it('--input /dev/zero ends at once with one line naming the line cap', async () => {
    const out = join(dir, 'out-zero');
    const run = await runCli(['scan', '--input', '/dev/zero', '--out', out, ...OFFLINE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^v6ready: \/dev\/zero line 1 is longer than 16384 characters/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(await exists(out)).toBe(false);
  }, 60_000);
});
