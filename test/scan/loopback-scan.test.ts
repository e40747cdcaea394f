/**
 * The whole pipeline on loopback: a dns2 zone on 127.0.0.1 and ::1, HTTP(S) servers on both
 * families with a different behaviour per family, and the real CLI writing report.json and
 * report.csv. Each scenario asserts check statuses and the verdict from both files.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, SiteReport } from '../../src/report/report-types.ts';
import {
  startDualStackServer,
  startHttpServer,
  testTls,
  type DualStackServer,
  type TestServer,
} from '../probe/test-servers.ts';
import { startDualStackZoneServer, type Zone, type ZoneServer } from '../support/zone-server.ts';
import { loopbackScanArgs, readReportCsv, readReportJson, runCli, type CliRun } from './run-cli.ts';

const PORTAL = `<!doctype html><html lang="zh-CN"><head><title>市政府门户网站</title></head><body>
<header><h1>市人民政府门户网站</h1><nav><a href="/zwgk/">政务公开</a><a href="/bsfw/">办事服务</a></nav></header>
<main>${'<p>市政府常务会议研究部署优化营商环境、推进数字政府建设等工作。</p>'.repeat(30)}</main>
<footer>主办：市人民政府办公厅</footer></body></html>`;
const OTHER = `<!doctype html><html><head><title>Welcome to nginx!</title></head><body>
<h1>Welcome to nginx!</h1><p>If you see this page, the nginx web server is successfully installed
and working. Further configuration is required.</p></body></html>`;

/** Behaviour per Host name; the family decides which variant answers. */
function siteHandler(family: 4 | 6) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const name = (request.headers.host ?? '').replace(/:\d+$/, '');
    const page = (body: string, status = 200): void => {
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      response.end(body);
    };
    switch (name) {
      case 'diff.test.v6ready':
        return page(family === 6 ? OTHER : PORTAL);
      case 'v6-503.test.v6ready':
        return family === 6 ? page('busy', 503) : page(PORTAL);
      case 'redirect.test.v6ready':
        if (family === 6) {
          response.writeHead(302, { location: `http://v4only.test.v6ready:${web.port}/` });
          return void response.end();
        }
        return page(PORTAL);
      default:
        return page(PORTAL);
    }
  };
}

let web: DualStackServer;
let secure: DualStackServer;
let v4OnlyPort: TestServer;
let dns: ZoneServer;
let workDir: string;

const DUAL = { A: ['127.0.0.1'], AAAA: ['::1'] };

function zone(): Zone {
  return {
    'test.v6ready': { NS: ['ns1.test.v6ready'] },
    'ns1.test.v6ready': DUAL,
    'same.test.v6ready': DUAL,
    'diff.test.v6ready': DUAL,
    'v6-503.test.v6ready': DUAL,
    'redirect.test.v6ready': DUAL,
    'v4only.test.v6ready': { A: ['127.0.0.1'] },
    'closed6.test.v6ready': DUAL,
    'alias.test.v6ready': { CNAME: 'hop.test.v6ready' },
    'hop.test.v6ready': { CNAME: 'same.test.v6ready' },
    'mapped.test.v6ready': { A: ['127.0.0.1'], AAAA: ['::ffff:7f00:1'] },
    'servfail.test.v6ready': { rcode: 2 },
    'silent.test.v6ready': { silent: true },
  };
}

beforeAll(async () => {
  web = await startDualStackServer({ handler4: siteHandler(4), handler6: siteHandler(6) });
  secure = await startDualStackServer({ handler: siteHandler(4), tls: testTls.leaf });
  v4OnlyPort = await startHttpServer({ host: '127.0.0.1', handler: siteHandler(4) });
  dns = await startDualStackZoneServer(zone());
  workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-scan-'));
});

afterAll(async () => {
  await Promise.all([web?.close(), secure?.close(), v4OnlyPort?.close(), dns?.close()]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function scanArgs(outDir: string, extra: string[] = []): string[] {
  return loopbackScanArgs(outDir, dns.port, [
    '--depth',
    '0',
    '--timeout',
    '800',
    '--site-timeout',
    '15000',
    ...extra,
  ]);
}

describe('one scan of every loopback scenario', () => {
  let run: CliRun;
  let report: Report;
  let csv: Record<string, string>[];
  const targets = () => [
    web.url('same.test.v6ready'),
    web.url('diff.test.v6ready'),
    web.url('v6-503.test.v6ready'),
    web.url('redirect.test.v6ready'),
    `http://closed6.test.v6ready:${v4OnlyPort.port}/`,
    secure.url('same.test.v6ready'),
    web.url('alias.test.v6ready'),
    web.url('v4only.test.v6ready'),
    web.url('mapped.test.v6ready'),
    'nxdomain.test.v6ready',
    'servfail.test.v6ready',
    'silent.test.v6ready',
    'exa mple..test',
    web.url('same.test.v6ready'),
  ];

  beforeAll(async () => {
    const outDir = path.join(workDir, 'all');
    run = await runCli(scanArgs(outDir, targets()));
    report = await readReportJson(outDir);
    csv = await readReportCsv(outDir);
  });

  const site = (index: number): { json: SiteReport; row: Record<string, string> } => {
    const json = report.sites.find((s) => s.index === index);
    const row = csv.find((r) => r.target === json?.target);
    if (!json || !row) throw new Error(`no site ${index} in the reports`);
    return { json, row };
  };

  const expectChecks = (index: number, verdict: string, statuses: Record<string, string>): void => {
    const { json, row } = site(index);
    expect({ verdict: json.verdict, csv: row.verdict }).toEqual({ verdict, csv: verdict });
    for (const [id, status] of Object.entries(statuses)) {
      expect({ id, json: json.checks[id as keyof typeof json.checks]?.status }).toEqual({
        id,
        json: status,
      });
      expect({ id, csv: row[id] }).toEqual({ id, csv: status });
    }
  };

  it('exits 0, writes nothing on stdout, and scans duplicates once', () => {
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(report.sites).toHaveLength(targets().length - 1);
    expect(report.sites.map((s) => s.index)).toEqual([...report.sites.keys()]);
  });

  it('the same page on both families is compliant', () => {
    expectChecks(0, 'compliant', {
      dns_aaaa: 'pass',
      dns_a: 'pass',
      ns_aaaa: 'pass',
      ns_reach6: 'pass',
      web_tcp6: 'pass',
      web_http6: 'pass',
      web_same: 'pass',
      links_l2: 'skip',
    });
    // Latency on loopback is never judged slow; a busy machine may only make it a skip.
    expect(['pass', 'skip']).toContain(site(0).json.checks.web_latency6?.status);
    expect(site(0).json.score).toBe(100);
  });

  it('a different page on IPv6 fails web_same and makes the site partial', () => {
    expectChecks(1, 'partial', { web_http6: 'pass', web_same: 'fail' });
    expect(Number(site(1).row.similarity)).toBeLessThan(0.5);
  });

  it('503 on IPv6 only fails web_http6: non_compliant', () => {
    expectChecks(2, 'non_compliant', { web_tcp6: 'pass', web_http6: 'fail' });
    expect(site(2).row.v6_status).toBe('503');
    expect(site(2).row.v4_status).toBe('200');
  });

  it('a redirect from IPv6 to a name without AAAA fails web_http6', () => {
    expectChecks(3, 'non_compliant', { web_http6: 'fail' });
    expect(site(3).json.reasons.join(' ')).toMatch(/web_http6: .*v4only\.test\.v6ready/);
  });

  it('the IPv6 port closed fails web_tcp6 and web_http6', () => {
    expectChecks(4, 'non_compliant', { dns_aaaa: 'pass', web_tcp6: 'fail', web_http6: 'fail' });
  });

  it('HTTPS with a valid certificate on both families is compliant and records the certificate', () => {
    expectChecks(5, 'compliant', { web_http6: 'pass', web_same: 'pass' });
    expect(JSON.stringify(site(5).json.evidence)).toMatch(/v6ready test CA/i);
  });

  it('a CNAME chain is followed to the addresses', () => {
    expectChecks(6, 'compliant', { dns_aaaa: 'pass' });
    expect(JSON.stringify(site(6).json.evidence)).toContain('hop.test.v6ready');
  });

  it('no AAAA fails dns_aaaa: non_compliant, IPv4 still measured', () => {
    expectChecks(7, 'non_compliant', { dns_aaaa: 'fail', dns_a: 'pass', web_same: 'skip' });
    expect(site(7).row.v4_status).toBe('200');
  });

  it('an IPv4-mapped AAAA is not global and does not count as IPv6', () => {
    expectChecks(8, 'non_compliant', { dns_aaaa: 'fail' });
    expect(JSON.stringify(site(8).json.checks.dns_aaaa)).toMatch(/ipv4_mapped/);
  });

  it('NXDOMAIN, SERVFAIL and a silent server are errors with the reason', () => {
    expectChecks(9, 'error', {});
    expectChecks(10, 'error', {});
    expectChecks(11, 'error', {});
    expect(site(9).json.reasons.join(' ')).toMatch(/NXDOMAIN/);
    expect(site(10).json.reasons.join(' ')).toMatch(/SERVFAIL/);
    expect(site(11).json.reasons.join(' ')).toMatch(/timed out/);
  });

  it('an invalid line becomes an error row and the scan goes on', () => {
    const { json, row } = site(12);
    expect(json.verdict).toBe('error');
    expect(row.reasons).toMatch(/./);
  });

  it('the summary counts every verdict', () => {
    const counts = report.summary.by_verdict;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(report.sites.length);
    expect(counts.compliant).toBe(3);
  });
});

describe('the command line', () => {
  it('reads targets from stdin with --input -', async () => {
    const outDir = path.join(workDir, 'stdin');
    const run = await runCli(scanArgs(outDir, ['--input', '-']), {
      stdin: `# comment\n${web.url('same.test.v6ready')}\n`,
    });
    expect(run.code).toBe(0);
    const report = await readReportJson(outDir);
    expect(report.sites.map((s) => s.verdict)).toEqual(['compliant']);
  });

  it('exits 2 with a clear message on an unreadable input file', async () => {
    const run = await runCli(
      scanArgs(path.join(workDir, 'bad'), ['--input', '/nonexistent/list.txt']),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nonexistent\/list\.txt/);
  });

  it('exits 2 when the input holds no target at all', async () => {
    const run = await runCli(scanArgs(path.join(workDir, 'empty'), ['--input', '-']), {
      stdin: '# only a comment\n\n',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no targets/);
  });

  it('exits 2 on a bad flag value', async () => {
    const run = await runCli([
      'scan',
      '--vantage-probe',
      '127.0.0.1:9',
      '--concurrency',
      'many',
      'same.test.v6ready',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--concurrency/);
  });

  it('exits 3 when the compliant share is under --fail-under', async () => {
    const outDir = path.join(workDir, 'gate');
    const run = await runCli(
      scanArgs(outDir, [
        '--fail-under',
        '60',
        web.url('same.test.v6ready'),
        web.url('v6-503.test.v6ready'),
      ]),
    );
    expect(run.code).toBe(3);
    expect((await readReportJson(outDir)).sites).toHaveLength(2);
  });

  it('--resume skips sites already in sites.jsonl', async () => {
    const outDir = path.join(workDir, 'resume');
    const first = await runCli(scanArgs(outDir, [web.url('same.test.v6ready')]));
    expect(first.code).toBe(0);
    const queriesBefore = dns.queries.filter((q) => q.startsWith('same.test.v6ready')).length;
    const second = await runCli(
      scanArgs(outDir, ['--resume', web.url('same.test.v6ready'), web.url('diff.test.v6ready')]),
    );
    expect(second.code).toBe(0);
    const queriesAfter = dns.queries.filter((q) => q.startsWith('same.test.v6ready')).length;
    expect(queriesAfter).toBe(queriesBefore);
    const report = await readReportJson(outDir);
    expect(report.sites.map((s) => s.verdict)).toEqual(['compliant', 'partial']);
  });

  it('--help lists every flag with its default', async () => {
    const run = await runCli(['scan', '--help']);
    expect(run.code).toBe(0);
    for (const flag of [
      '--concurrency',
      '--timeout',
      '--site-timeout',
      '--max-body',
      '--depth',
      '--max-links',
      '--shard',
      '--resume',
      '--fail-under',
      '--baseline',
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toMatch(/default: 64/);
  });
});
