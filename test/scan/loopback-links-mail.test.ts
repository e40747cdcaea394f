/**
 * Inner links and mail through the real CLI on loopback: a site whose 20 inner links are 15
 * IPv6-ready, and MX hosts with and without IPv6 answering SMTP banners.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report-types.ts';
import { startDualStackServer, type DualStackServer } from '../probe/test-servers.ts';
import { startDualStackZoneServer, type ZoneServer } from '../support/zone-server.ts';
import { loopbackScanArgs, readReportCsv, readReportJson, runCli } from './run-cli.ts';

const DUAL = { A: ['127.0.0.1'], AAAA: ['::1'] };

let web: DualStackServer;
let dns: ZoneServer;
let smtp: net.Server;
let smtpPort: number;
const quitsReceived: string[] = [];
let workDir: string;

function homePage(port: number): string {
  const ready = Array.from({ length: 15 }, (_, i) => `<a href="/page-${i + 1}/">page ${i + 1}</a>`);
  const v4only = Array.from(
    { length: 5 },
    (_, i) => `<a href="http://static4.links.v6ready:${port}/doc-${i + 1}.html">doc ${i + 1}</a>`,
  );
  const ignored = [
    '<a href="/missing-1/">gone</a>',
    '<a href="/missing-2/">gone too</a>',
    '<a href="http://elsewhere.example:1/">another site</a>',
    '<a href="mailto:office@links.v6ready">mail</a>',
    '<a href="javascript:void(0)">script</a>',
    '<a href="#top">top</a>',
  ];
  return `<!doctype html><html><body><h1>链接测试</h1>${[...ready, ...v4only, ...ignored].join('\n')}</body></html>`;
}

function handler(request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? '/';
  if (url.startsWith('/missing-')) {
    response.writeHead(404, { 'content-type': 'text/html' });
    return void response.end('<h1>not found</h1>');
  }
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(url === '/' ? homePage(web.port) : `<html><body><p>${url}</p></body></html>`);
}

beforeAll(async () => {
  web = await startDualStackServer({ handler });
  dns = await startDualStackZoneServer({
    'links.v6ready': { NS: ['ns.links.v6ready'] },
    'ns.links.v6ready': DUAL,
    'www.links.v6ready': DUAL,
    'static4.links.v6ready': { A: ['127.0.0.1'] },
    'mail6.v6ready': {
      NS: ['ns.links.v6ready'],
      MX: [{ exchange: 'mx.mail6.v6ready', preference: 10 }],
    },
    'www.mail6.v6ready': DUAL,
    'mx.mail6.v6ready': DUAL,
    'mail4.v6ready': {
      NS: ['ns.links.v6ready'],
      MX: [{ exchange: 'mx.mail4.v6ready', preference: 10 }],
    },
    'www.mail4.v6ready': DUAL,
    'mx.mail4.v6ready': { A: ['127.0.0.1'] },
  });
  smtp = net.createServer((socket) => {
    socket.write('220-mx.mail6.v6ready ESMTP\r\n220 ready\r\n');
    socket.on('data', (data) => {
      quitsReceived.push(data.toString());
      socket.end('221 bye\r\n');
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => smtp.listen(0, '::1', resolve));
  smtpPort = (smtp.address() as net.AddressInfo).port;
  workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-links-'));
});

afterAll(async () => {
  await Promise.all([web?.close(), dns?.close()]);
  await new Promise((resolve) => smtp?.close(resolve));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function scanArgs(outDir: string, extra: string[]): string[] {
  return loopbackScanArgs(outDir, dns.port, [
    '--smtp-port',
    String(smtpPort),
    '--timeout',
    '800',
    ...extra,
  ]);
}

describe('inner links', () => {
  let report: Report;
  let csv: Record<string, string>[];

  beforeAll(async () => {
    const outDir = path.join(workDir, 'links');
    const run = await runCli(
      scanArgs(outDir, ['--depth', '1', '--max-links', '30', web.url('www.links.v6ready')]),
    );
    expect(run.stderr).not.toMatch(/internal error/);
    report = await readReportJson(outDir);
    csv = await readReportCsv(outDir);
  });

  it('a site whose 20 inner links are 15 IPv6-ready gives ratio 0.75 and verdict partial', () => {
    const site = report.sites[0]!;
    expect(site.verdict).toBe('partial');
    expect(site.checks.links_l2).toMatchObject({ status: 'fail', ratio: 0.75, ok6: 15, total: 20 });
    expect(site.checks.links_l3.status).toBe('skip');
    expect(csv[0]).toMatchObject({ verdict: 'partial', links_l2: 'fail', l2_ratio: '0.75' });
    expect(site.reasons.join(' ')).toMatch(/links_l2: 15 of 20/);
  });

  it('lists every sampled link with its outcome per family; broken links leave the denominator', () => {
    const links = site0Links();
    expect(links).toHaveLength(22);
    const v4only = links.filter((link) => link.url.includes('static4.links.v6ready'));
    expect(v4only).toHaveLength(5);
    for (const link of v4only) {
      expect(link.v4).toMatchObject({ ok: true });
      expect(link.v6).toMatchObject({ ok: false });
    }
    const broken = links.filter((link) => link.url.includes('/missing-'));
    expect(broken.map((link) => [link.v4.ok, link.v6.ok])).toEqual([
      [false, false],
      [false, false],
    ]);
    expect(links.some((link) => /elsewhere|mailto|javascript|#top/.test(link.url))).toBe(false);
  });

  type LinkRow = { url: string; v4: { ok: boolean }; v6: { ok: boolean } };
  function site0Links(): LinkRow[] {
    return (report.sites[0]!.checks.links_l2 as unknown as { links: LinkRow[] }).links;
  }
});

describe('mail (--mail)', () => {
  let report: Report;

  beforeAll(async () => {
    const outDir = path.join(workDir, 'mail');
    await runCli(
      scanArgs(outDir, [
        '--depth',
        '0',
        '--mail',
        web.url('www.mail6.v6ready'),
        web.url('www.mail4.v6ready'),
        web.url('www.links.v6ready'),
      ]),
    );
    report = await readReportJson(outDir);
  });

  it('an MX host with IPv6 that greets with 220 passes both mail checks, and gets a QUIT', () => {
    const site = report.sites[0]!;
    expect([site.checks.mx_aaaa.status, site.checks.mx_reach6.status]).toEqual(['pass', 'pass']);
    expect(site.verdict).toBe('compliant');
    expect(quitsReceived.some((line) => line.startsWith('QUIT'))).toBe(true);
  });

  it('an MX host without AAAA fails mx_aaaa: partial', () => {
    const site = report.sites[1]!;
    expect(site.checks.mx_aaaa.status).toBe('fail');
    expect(site.verdict).toBe('partial');
    expect(site.reasons.join(' ')).toMatch(/mx_aaaa/);
  });

  it('a domain with no MX skips the mail checks', () => {
    const site = report.sites[2]!;
    expect([site.checks.mx_aaaa.status, site.checks.mx_reach6.status]).toEqual(['skip', 'skip']);
  });
});
