import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../scan/run-cli.ts';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'v6ready-messages-'));
});

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

/**
 * A scan whose only resolver is a closed loopback port: the site is an error, nothing leaves. The
 * vantage check asks closed loopback ports too (a port-unreachable answer counts), never a root
 * server.
 */
function scan(out: string, extra: string[]) {
  return runCli([
    'scan',
    'www.example.gov.cn',
    '--resolver',
    '127.0.0.1:1',
    '--allow-private',
    '--vantage-probe',
    '127.0.0.1:1',
    '--vantage-probe',
    '[::1]:1',
    '--timeout',
    '1000',
    '--site-timeout',
    '5000',
    '--out',
    path.join(directory, out),
    '--fail-under',
    '50',
    ...extra,
  ]);
}

describe('messages for people', () => {
  it('are plain lines on stderr, the closing summary included, also with --no-progress', async () => {
    const run = await scan('plain', ['--no-progress']);
    expect(run.code).toBe(3);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toContain(
      `v6ready: 0 of 1 sites compliant (0%); reports in ${path.join(directory, 'plain')}: report.html, report.xlsx, summary.md, report.json, report.csv`,
    );
    expect(lines).toContain('v6ready: the compliant share 0% is below --fail-under 50% (exit 3)');
    expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
    expect(run.stdout).toBe('');
  });

  it('are dropped by --quiet, which keeps the exit status', async () => {
    const run = await scan('quiet', ['--quiet']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('');
  });

  it('go through pino as JSON with --log-format json', async () => {
    const run = await scan('json', ['--no-progress', '--log-format', 'json']);
    expect(run.code).toBe(3);
    const records = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; fail_under?: number });
    expect(records.find((record) => record.fail_under === 50)?.msg).toMatch(/below --fail-under/);
  });
});
