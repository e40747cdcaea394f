/**
 * The end-to-end lab: real NSD, Unbound, nginx and socat in network namespaces, faults from
 * nftables, and v6ready scanning it from the client namespace. Root only; skipped otherwise.
 * docs/TESTING.md tells how it is built and how to add a scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectScenario, describeRun } from './expect-scenario.ts';
import { curl, dig, smtpBanner } from './lab-tools.ts';
import { LAB_HOSTS, RESOLVER, hostIpv4, hostIpv6, labHost, nameServer } from './lab/lab-plan.ts';
import { whyLabCannotRun } from './lab/lab-support.ts';
import { startLab, type Lab } from './lab/lab.ts';
import { SPEC_CSV_COLUMNS } from './lab/report-reader.ts';
import { runScan, type ScanRun } from './lab/scanner.ts';
import {
  clientWithoutIpv4,
  clientWithoutIpv6,
  clientWithUnroutable,
} from './lab/client-variants.ts';
import { LINK_SCENARIOS, MAIL_SCENARIOS, WEB_SCENARIOS } from './scenarios.ts';

const skipReason = whyLabCannotRun();
if (skipReason) console.warn(`e2e lab skipped: ${skipReason}`);

/** Small timeouts keep the faulty scenarios short; every site still ends well inside them. */
const TIMEOUTS = ['--timeout', '1500', '--site-timeout', '20000'];
const SCAN_OPTIONS = ['--depth', '0', ...TIMEOUTS];
/** The link scenarios: home page, second- and third-level links, 20 per level (the defaults). */
const LINK_SCAN_OPTIONS = ['--depth', '2', '--max-links', '20', ...TIMEOUTS];

describe.skipIf(skipReason !== null)('the end-to-end lab', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab();
  });

  afterAll(async () => {
    await lab?.stop();
  });

  describe('the lab itself, seen with dig, curl and socat from the client namespace', () => {
    it('the client reaches nothing outside the lab', async () => {
      const route = await lab.inClient('ip', ['route', 'get', '192.0.2.1']);
      expect(route.exitCode).not.toBe(0);
      const route6 = await lab.inClient('ip', ['-6', 'route', 'get', '2001:db8::1']);
      expect(route6.exitCode).not.toBe(0);
    });

    it('Unbound, the client system resolver, resolves lab names from the lab root', async () => {
      const dual = labHost('dual.v6lab.test');
      expect((await dig(lab, 'A', dual.name)).answers).toEqual([`A ${hostIpv4(dual)}`]);
      expect((await dig(lab, 'AAAA', dual.name)).answers).toEqual([`AAAA ${hostIpv6(dual)}`]);
      expect((await dig(lab, 'AAAA', dual.name, RESOLVER.ipv6)).status).toBe('NOERROR');
    });

    it('a missing name is NXDOMAIN and the dead delegation SERVFAIL, both at once', async () => {
      const missing = await dig(lab, 'A', 'missing.v6lab.test');
      expect(missing.status).toBe('NXDOMAIN');
      const dead = await dig(lab, 'A', 'www.dead.v6lab.test');
      expect(dead.status).toBe('SERVFAIL');
      expect(dead.elapsedMs).toBeLessThan(1500);
    });

    it('non-global AAAA records are published as written', async () => {
      expect((await dig(lab, 'AAAA', 'mapped6.v6lab.test')).answers).toEqual([
        'AAAA ::ffff:11.66.1.7',
      ]);
      expect((await dig(lab, 'AAAA', 'linklocal6.v6lab.test')).answers).toEqual(['AAAA fe80::8']);
    });

    it('the nov6ns zone has a name server with only an A record', async () => {
      const ns = await dig(lab, 'NS', 'nov6ns.v6lab.test');
      expect(ns.answers).toEqual(['NS ns1.nov6ns.v6lab.test.']);
      expect((await dig(lab, 'AAAA', 'ns1.nov6ns.v6lab.test')).answers).toEqual([]);
    });

    it('ns1.ns6dead never answers on IPv6 and answers on IPv4', async () => {
      const server = nameServer('ns1.ns6dead.v6lab.test');
      const over6 = await dig(lab, 'SOA', 'ns6dead.v6lab.test', server.ipv6, 1);
      expect(over6.status).toBe('NO_ANSWER');
      const over4 = await dig(lab, 'SOA', 'ns6dead.v6lab.test', server.ipv4);
      expect(over4.status).toBe('NOERROR');
    });

    it('the dual-stack host serves the same page over IPv4 and IPv6', async () => {
      const over4 = await curl(lab, 4, 'https://dual.v6lab.test/');
      const over6 = await curl(lab, 6, 'https://dual.v6lab.test/');
      expect([over4.status, over6.status]).toEqual([200, 200]);
      expect(over6.body).toBe(over4.body);
      expect(over6.body).toContain('<h1>dual.v6lab.test</h1>');
    });

    it('diff6 serves another page over IPv6', async () => {
      const over4 = await curl(lab, 4, 'https://diff6.v6lab.test/');
      const over6 = await curl(lab, 6, 'https://diff6.v6lab.test/');
      expect([over4.status, over6.status]).toEqual([200, 200]);
      expect(over6.body).not.toBe(over4.body);
    });

    it('badcert6 presents a certificate for another name over IPv6 only', async () => {
      expect((await curl(lab, 4, 'https://badcert6.v6lab.test/')).status).toBe(200);
      // curl 60: the peer certificate cannot be authenticated.
      expect((await curl(lab, 6, 'https://badcert6.v6lab.test/')).exitCode).toBe(60);
    });

    it('the black-holed AAAA times out and the refused one resets at once', async () => {
      const blackHole = await curl(lab, 6, 'https://blackhole6.v6lab.test/', { maxTimeSeconds: 1 });
      expect(blackHole.exitCode).toBe(28);
      for (const url of ['https://refused6.v6lab.test/', 'http://refused6.v6lab.test/']) {
        const refused = await curl(lab, 6, url);
        expect(refused.exitCode).toBe(7);
        expect(refused.elapsedMs).toBeLessThan(1000);
      }
    });

    it('on the PMTU black hole small replies pass and full-size packets vanish', async () => {
      const small = await curl(lab, 6, 'http://pmtu6.v6lab.test/', { head: true });
      expect(small.status).toBe(200);
      const large = await curl(lab, 6, 'http://pmtu6.v6lab.test/', { maxTimeSeconds: 1 });
      expect(large.exitCode).toBe(28);
      const over4 = await curl(lab, 4, 'https://pmtu6.v6lab.test/');
      expect(over4.body.length).toBeGreaterThan(64 * 1024);
    });

    it('redir6 redirects to a name that has no AAAA', async () => {
      const redirect = await curl(lab, 6, 'https://redir6.v6lab.test/');
      expect(redirect.status).toBe(301);
      expect(redirect.location).toBe('https://v4only.v6lab.test/');
      expect((await dig(lab, 'AAAA', 'v4only.v6lab.test')).answers).toEqual([]);
    });

    it('the mail domains have their MX, and the MX hosts greet with a 220 banner', async () => {
      expect((await dig(lab, 'MX', 'mail6.test')).answers).toEqual(['MX 10 mx6.v6lab.test.']);
      expect((await dig(lab, 'MX', 'mail4.test')).answers).toEqual(['MX 10 mx4.v6lab.test.']);
      const mx6 = labHost('mx6.v6lab.test');
      expect(await smtpBanner(lab, hostIpv6(mx6))).toBe('220 mx6.v6lab.test ESMTP v6lab');
      expect(await smtpBanner(lab, hostIpv4(mx6))).toBe('220 mx6.v6lab.test ESMTP v6lab');
      const mx4 = labHost('mx4.v6lab.test');
      expect(await smtpBanner(lab, hostIpv4(mx4))).toBe('220 mx4.v6lab.test ESMTP v6lab');
      expect(LAB_HOSTS.filter((host) => host.smtp)).toHaveLength(2);
    });

    it('the link sites serve their pages, and their faults act on IPv6 only', async () => {
      const [home6, home4, busy6, busy4, archive6, archive4, gone6, gone4, static4, static4Aaaa] =
        await Promise.all([
          curl(lab, 6, 'https://links.v6lab.test/'),
          curl(lab, 4, 'https://links.v6lab.test/'),
          curl(lab, 6, 'https://links.v6lab.test/l3/busy-1.html'),
          curl(lab, 4, 'https://links.v6lab.test/l3/busy-1.html'),
          curl(lab, 6, 'https://archive.v6lab.test/2019/report.html', { maxTimeSeconds: 1 }),
          curl(lab, 4, 'https://archive.v6lab.test/2019/report.html'),
          curl(lab, 6, 'https://links.v6lab.test/news/gone.html'),
          curl(lab, 4, 'https://links.v6lab.test/news/gone.html'),
          curl(lab, 4, 'https://static4.v6lab.test/mixed/1.html'),
          dig(lab, 'AAAA', 'static4.v6lab.test'),
        ]);
      expect([home6.status, home4.status]).toEqual([200, 200]);
      expect(home6.body).toBe(home4.body);
      expect(home6.body).toContain('href="https://static4.v6lab.test/mixed/1.html"');
      expect([busy6.status, busy4.status]).toEqual([503, 200]);
      expect([archive6.exitCode, archive4.status]).toEqual([28, 200]);
      expect([gone6.status, gone4.status]).toEqual([404, 404]);
      expect(static4.body).toContain('href="https://links.v6lab.test/l3/g.html"');
      expect(static4Aaaa.answers).toEqual([]);
      // Over plain http on port 80 too: the IPv6 listener answers 503 there as well.
      const busyHttp6 = await curl(lab, 6, 'http://links.v6lab.test/l3/busy-2.html');
      expect(busyHttp6.status).toBe(503);
    });
  });

  describe('one scan of every web scenario', () => {
    let scan: ScanRun;

    beforeAll(async () => {
      scan = await runScan(lab, 'scan-web', [
        ...WEB_SCENARIOS.map((scenario) => scenario.target),
        ...SCAN_OPTIONS,
      ]);
    });

    it('exits 0 and writes report.json and report.csv in the SPEC format', () => {
      expect(scan.exitCode, describeRun(scan)).toBe(0);
      expect(scan.report?.schema).toBe('v6ready/report@1');
      expect(scan.report?.sites.map((site) => site.target)).toEqual(
        WEB_SCENARIOS.map((scenario) => scenario.target),
      );
      expect(scan.csv?.hasBom).toBe(true);
      expect(scan.csv?.header).toEqual([...SPEC_CSV_COLUMNS]);
      expect(scan.csv?.rows.map((row) => row.target)).toEqual(
        WEB_SCENARIOS.map((scenario) => scenario.target),
      );
    });

    for (const scenario of WEB_SCENARIOS) {
      it(scenario.title, () => expectScenario(scan, scenario));
    }
  });

  describe('one scan of the mail scenarios (--mail)', () => {
    let scan: ScanRun;

    beforeAll(async () => {
      scan = await runScan(lab, 'scan-mail', [
        ...MAIL_SCENARIOS.map((scenario) => scenario.target),
        '--mail',
        ...SCAN_OPTIONS,
      ]);
    });

    for (const scenario of MAIL_SCENARIOS) {
      it(scenario.title, () => expectScenario(scan, scenario));
    }
  });

  describe('one scan of the link scenarios (--depth 2 --max-links 20)', () => {
    let scan: ScanRun;
    const targets = [...new Set(LINK_SCENARIOS.map((scenario) => scenario.target))];

    beforeAll(async () => {
      scan = await runScan(lab, 'scan-links', [...targets, ...LINK_SCAN_OPTIONS]);
    });

    it('exits 0 with one site per link site', () => {
      expect(scan.exitCode, describeRun(scan)).toBe(0);
      expect(scan.report?.sites.map((site) => site.target)).toEqual(targets);
    });

    for (const scenario of LINK_SCENARIOS) {
      it(scenario.title, () => expectScenario(scan, scenario));
    }
  });

  describe('scans from an imperfect vantage', () => {
    const dual = 'dual.v6lab.test';
    const nov6 = 'nov6.v6lab.test';
    const diff6 = 'diff6.v6lab.test';
    /** The lab's root server as the vantage anchor: nothing outside the lab is ever asked. */
    const root = nameServer('a.root-servers.test');
    const anchors = ['--vantage-probe', root.ipv4, '--vantage-probe', root.ipv6 ?? ''];

    describe('a client without IPv6', () => {
      let scan: ScanRun;

      beforeAll(async () => {
        const restore = await clientWithoutIpv6(lab);
        try {
          scan = await runScan(lab, 'scan-no-ipv6', [dual, nov6, ...anchors, ...SCAN_OPTIONS]);
        } finally {
          await restore();
        }
      });

      it('exits 4 with one line that says what is missing and what to do', () => {
        expect(scan.exitCode, describeRun(scan)).toBe(4);
        const lines = scan.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/cannot measure IPv6: no IPv6 route or source address/);
        expect(lines[0]).toMatch(/run v6ready from a host or CI runner with working IPv6/);
        expect(lines[0]).toContain(`[${root.ipv6}]:53`);
      });

      it('judges nothing and writes no report that could blame a site', () => {
        expect(scan.report).toBeNull();
        expect(scan.csv).toBeNull();
      });
    });

    describe('a client without IPv4', () => {
      let scan: ScanRun;

      beforeAll(async () => {
        const restore = await clientWithoutIpv4(lab);
        try {
          scan = await runScan(lab, 'scan-no-ipv4', [
            dual,
            diff6,
            nov6,
            ...anchors,
            ...SCAN_OPTIONS,
          ]);
        } finally {
          await restore();
        }
      });

      it('scans on and records an IPv6-only vantage in options.vantage', () => {
        expect(scan.exitCode, describeRun(scan)).toBe(0);
        const vantage = scan.report?.options.vantage;
        expect(vantage?.ipv6_only).toBe(true);
        expect(vantage?.ipv6?.working).toBe(true);
        expect(vantage?.ipv4?.working).toBe(false);
        expect(vantage?.ipv4?.tried.map((attempt) => attempt.error)).toEqual([
          'no_route',
          'no_route',
        ]);
        expect(vantage?.lost).toBeNull();
      });

      it('skips the IPv4 comparisons with "IPv6-only vantage" and judges IPv6 as usual', () => {
        const site = (target: string) =>
          scan.report?.sites.find((candidate) => candidate.target === target);
        for (const target of [dual, diff6]) {
          expect(site(target)?.checks.web_same).toMatchObject({
            status: 'skip',
            summary: 'IPv6-only vantage',
          });
          expect(site(target)?.checks.web_latency6).toMatchObject({
            status: 'skip',
            summary: 'IPv6-only vantage',
          });
          expect(site(target)?.checks.web_tcp6).toMatchObject({
            status: 'pass',
            ipv4_side: 'IPv6-only vantage',
          });
          expect(site(target)?.checks.web_http6?.status).toBe('pass');
        }
        // diff6 serves another page over IPv6: from here that cannot be told, so no partial.
        expect(site(dual)?.verdict).toBe('compliant');
        expect(site(diff6)?.verdict).toBe('compliant');
        expect(site(nov6)?.checks.dns_aaaa?.status).toBe('fail');
        expect(site(nov6)?.verdict).toBe('non_compliant');
        const rows = scan.csv?.rows.filter((row) => row.target === dual) ?? [];
        expect(rows.map((row) => [row.web_same, row.web_latency6])).toEqual([['skip', 'skip']]);
      });
    });

    describe('one unroutable AAAA among normal sites', () => {
      let scan: ScanRun;
      const unroutable = hostIpv6(labHost(diff6));

      beforeAll(async () => {
        const restore = await clientWithUnroutable(lab, `${unroutable}/128`);
        try {
          scan = await runScan(lab, 'scan-unroutable', [
            dual,
            diff6,
            nov6,
            ...anchors,
            ...SCAN_OPTIONS,
          ]);
        } finally {
          await restore();
        }
      });

      it('ends normally with every site judged', () => {
        expect(scan.exitCode, describeRun(scan)).toBe(0);
        expect(scan.report?.sites.map((site) => [site.target, site.verdict])).toEqual([
          [dual, 'compliant'],
          [diff6, 'non_compliant'],
          [nov6, 'non_compliant'],
        ]);
        expect(scan.report?.options.vantage.lost).toBeNull();
      });

      it('fails that site with the classified local error no_route', () => {
        const site = scan.report?.sites.find((candidate) => candidate.target === diff6);
        expect(site?.checks.web_tcp6).toMatchObject({ status: 'fail', error: 'no_route' });
        expect(site?.checks.web_http6?.status).toBe('fail');
        expect(JSON.stringify(site?.checks.web_http6)).toContain('no_route');
        expect(site?.checks.dns_aaaa?.status).toBe('pass');
      });
    });

    describe('a client that loses the route to every site over IPv6', () => {
      let scan: ScanRun;
      const sites = [dual, diff6, 'badcert6.v6lab.test', nov6];

      beforeAll(async () => {
        // Every lab host's AAAA is in this /64; the resolver and the root server are not, so
        // the vantage check before the first site still passes.
        const hostsNet6 = hostIpv6(labHost(dual)).replace(/::[0-9a-f]+$/, '::/64');
        const restore = await clientWithUnroutable(lab, hostsNet6);
        try {
          scan = await runScan(lab, 'scan-lost', [...sites, ...anchors, ...SCAN_OPTIONS]);
        } finally {
          await restore();
        }
      });

      it('writes the report, says the vantage lost IPv6 and exits 4', () => {
        expect(scan.exitCode, describeRun(scan)).toBe(4);
        expect(scan.report?.sites).toHaveLength(sites.length);
        expect(scan.report?.options.vantage.ipv6?.working).toBe(true);
        expect(scan.report?.options.vantage.end_check?.working).toBe(true);
        expect(scan.report?.options.vantage.lost).toMatch(
          /last 3 sites that tried IPv6 all failed with a local network error/,
        );
        const lastLine = scan.stderr.trim().split('\n').at(-1) ?? '';
        expect(lastLine).toMatch(/this host lost IPv6 during the scan/);
        expect(lastLine).toMatch(/not evidence against the sites/);
      });
    });
  });

  describe('cleanup', () => {
    it('stopping the lab leaves no namespace, process, file or folder behind', async () => {
      await lab.stop();
      expect(lab.leftovers()).toEqual({
        namespaces: [],
        etcDirs: [],
        workDir: null,
        registryFile: null,
        livePids: [],
      });
    });
  });
});
