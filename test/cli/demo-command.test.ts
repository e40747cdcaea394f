import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReportJson, runCli } from '../scan/run-cli.ts';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'v6ready-demo-'));
});

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('v6ready demo', () => {
  it('scans its loopback imitation sites into every report, one site per verdict', async () => {
    const out = path.join(directory, 'demo');
    const run = await runCli(['demo', '--out', out, '--lang', 'zh']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`open ${path.join(out, 'report.html')}`);
    for (const file of ['report.json', 'report.csv', 'report.html', 'report.xlsx', 'summary.md']) {
      await access(path.join(out, file));
    }
    const report = await readReportJson(out);
    const verdicts = new Set(report.sites.map((site) => site.verdict));
    expect([...verdicts].sort()).toEqual(
      ['compliant', 'error', 'non_compliant', 'partial', 'unreachable'].sort(),
    );
    const failedChecks = new Set(
      report.sites
        .filter((site) => site.verdict === 'non_compliant')
        .map((site) => (site.reason_codes ?? [])[0]?.check),
    );
    // Non-compliant in three different ways: no AAAA, an IPv6 error status, a closed IPv6 port.
    expect([...failedChecks].sort()).toEqual(['dns_aaaa', 'web_http6', 'web_tcp6']);
    // The mail checks are shown too: the demo zone's MX greets over IPv6.
    const portal = report.sites.find((site) => site.host === 'gov.hz-demo.test');
    expect(portal?.checks.mx_aaaa?.status).toBe('pass');
    expect(portal?.checks.mx_reach6?.status).toBe('pass');
  });
});
