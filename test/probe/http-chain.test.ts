import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Family } from '../../src/dns/dns-types.ts';
import { fetchChain } from '../../src/probe/http-chain.ts';
import type { HttpProbeOptions } from '../../src/probe/probe-types.ts';
import { fakeResolver, type FakeZone } from './fake-resolver.ts';
import { startDualStackServer, testTls, type DualStackServer } from './test-servers.ts';

const BOTH = { 4: ['127.0.0.1'], 6: ['::1'] };
const zone: FakeZone = {
  'a.test.v6ready': BOTH,
  'b.test.v6ready': BOTH,
  'c.lab.v6ready': BOTH,
  'www.test.v6ready': BOTH,
  'v4only.test.v6ready': { 4: ['127.0.0.1'] },
  // Nothing listens on 127.0.0.2, so the first address is refused.
  'two.test.v6ready': { 4: ['127.0.0.2', '127.0.0.1'] },
};

let plain: DualStackServer;
/** Called when /stall has sent its headers, so a test can act mid-request. */
let onStall: (() => void) | undefined;
let secure: DualStackServer;
/** Serves a certificate for wrong.test.v6ready only. */
let wrongName: DualStackServer;

/** Routes by path; every redirect target is built from the Host the request came with. */
const router: http.RequestListener = (req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const redirect = (location: string, status = 302): void => {
    res.writeHead(status, { location });
    res.end();
  };
  const hops = /^\/hops\/(\d+)$/.exec(url.pathname);
  if (hops) {
    const left = Number(hops[1]);
    if (left > 0) return redirect(`/hops/${left - 1}`, 301);
  }
  switch (url.pathname) {
    case '/start':
      return redirect(plain.url('b.test.v6ready', '/second'));
    case '/second':
      return redirect(`//c.lab.v6ready:${plain.port}/third#fragment`, 307);
    case '/third':
      return redirect('/final?done=1', 308);
    case '/to-v4only':
      return redirect(plain.url('v4only.test.v6ready', '/final'), 301);
    case '/to-nowhere':
      return redirect(plain.url('nowhere.test.v6ready', '/final'));
    case '/loop-a':
      return redirect('/loop-b');
    case '/loop-b':
      return redirect('/loop-a');
    case '/to-ftp':
      return redirect('ftp://a.test.v6ready/file');
    case '/to-https':
      return redirect(secure.url('www.test.v6ready', '/final'), 301);
    case '/to-bad-name':
      return redirect(wrongName.url('www.test.v6ready', '/final'), 301);
    case '/cookie-gate':
      if (req.headers.cookie?.includes('gate=open')) return res.end('<html>behind the gate</html>');
      res.setHeader('set-cookie', 'gate=open; Path=/; HttpOnly');
      return redirect('/cookie-gate');
    case '/missing':
      res.writeHead(404, { 'content-type': 'text/html' });
      return res.end('<html>not here</html>');
    case '/to-stall':
      return redirect('/stall');
    case '/stall':
      res.writeHead(200);
      return res.write('partial', () => onStall?.());
    default:
      if (url.pathname.startsWith('/forever/')) return redirect(`/forever/${Math.random()}`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<html>${url.pathname}${url.search} via ${req.headers.host}</html>`);
  }
};

beforeAll(async () => {
  plain = await startDualStackServer({ handler: router });
  secure = await startDualStackServer({ handler: router, tls: testTls.leaf });
  wrongName = await startDualStackServer({ handler: router, tls: testTls.wrongName });
});
afterAll(async () => {
  await Promise.all([plain.close(), secure.close(), wrongName.close()]);
});

function chainOptions(family: Family, overrides: Partial<HttpProbeOptions> = {}): HttpProbeOptions {
  return {
    family,
    resolve: fakeResolver(zone),
    timeoutMs: 400,
    maxBodyBytes: 10_000,
    maxRedirects: 10,
    signal: new AbortController().signal,
    extraCaPem: [testTls.caPem],
    userAgent: 'v6ready-test/1',
    ...overrides,
  };
}

describe('fetchChain', () => {
  for (const family of [4, 6] as const) {
    it(`follows 3 redirects over IPv${family}, resolving every hop's host again`, async () => {
      const resolve = fakeResolver(zone);
      const chain = await fetchChain(
        plain.url('a.test.v6ready', '/start'),
        chainOptions(family, { resolve }),
      );
      const statuses = chain.hops.map((hop) => [hop.url, hop.outcome.ok && hop.outcome.status]);
      expect(statuses).toEqual([
        [plain.url('a.test.v6ready', '/start'), 302],
        [plain.url('b.test.v6ready', '/second'), 307],
        [plain.url('c.lab.v6ready', '/third'), 308],
        [plain.url('c.lab.v6ready', '/final?done=1'), 200],
      ]);
      expect(resolve.lookups).toEqual([
        `a.test.v6ready/${family}`,
        `b.test.v6ready/${family}`,
        `c.lab.v6ready/${family}`,
        `c.lab.v6ready/${family}`,
      ]);
      expect(chain.hops.every((hop) => hop.family === family)).toBe(true);
      expect(chain.result).toMatchObject({
        ok: true,
        finalUrl: plain.url('c.lab.v6ready', '/final?done=1'),
        finalStatus: 200,
        body: `<html>/final?done=1 via c.lab.v6ready:${plain.port}</html>`,
        truncated: false,
      });
    });
  }

  it('a redirect to a name without an address of the family ends the chain with that error', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/to-v4only'), chainOptions(6));
    expect(chain.result).toMatchObject({
      ok: false,
      error: 'no_address',
      finalUrl: plain.url('a.test.v6ready', '/to-v4only'),
      finalStatus: 301,
    });
    expect(chain.hops).toHaveLength(2);
    expect(chain.hops[1]).toMatchObject({
      url: plain.url('v4only.test.v6ready', '/final'),
      address: null,
      attempts: [],
      outcome: { ok: false, error: 'no_address' },
    });
  });

  it('the same redirect is followed over IPv4, where the name has an address', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/to-v4only'), chainOptions(4));
    expect(chain.result).toMatchObject({ ok: true, finalStatus: 200 });
  });

  it('a redirect to a name that does not exist ends the chain with nxdomain', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/to-nowhere'), chainOptions(4));
    expect(chain.result).toMatchObject({ ok: false, error: 'nxdomain', finalStatus: 302 });
  });

  it('an entry name that does not resolve fails with no response at all', async () => {
    const chain = await fetchChain(plain.url('nowhere.test.v6ready'), chainOptions(6));
    expect(chain.result).toEqual({ ok: false, error: 'nxdomain', detail: expect.any(String) });
    expect(chain.hops).toHaveLength(1);
  });

  it('a resolver that throws fails the chain with dns_error instead of throwing', async () => {
    const resolve = () => Promise.reject(new Error('resolver broke'));
    const chain = await fetchChain(plain.url('a.test.v6ready'), chainOptions(4, { resolve }));
    expect(chain.result).toMatchObject({ ok: false, error: 'dns_error', detail: 'resolver broke' });
  });

  it('a redirect loop gives redirect_loop', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/loop-a'), chainOptions(6));
    expect(chain.result).toMatchObject({ ok: false, error: 'redirect_loop', finalStatus: 302 });
    expect(chain.hops.map((hop) => new URL(hop.url).pathname)).toEqual(['/loop-a', '/loop-b']);
  });

  it('endless new redirects give too_many_redirects after maxRedirects', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/forever/0'), chainOptions(4));
    expect(chain.result).toMatchObject({
      ok: false,
      error: 'too_many_redirects',
      finalStatus: 302,
    });
    expect(chain.hops).toHaveLength(11);
  });

  it('exactly maxRedirects redirects are followed', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/hops/10'), chainOptions(6));
    expect(chain.result).toMatchObject({ ok: true, finalStatus: 200 });
    expect(chain.hops).toHaveLength(11);
    const tooMany = await fetchChain(plain.url('a.test.v6ready', '/hops/11'), chainOptions(6));
    expect(tooMany.result).toMatchObject({ ok: false, error: 'too_many_redirects' });
  });

  it('a redirect to ftp: ends the chain with bad_redirect', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/to-ftp'), chainOptions(4));
    expect(chain.result).toMatchObject({ ok: false, error: 'bad_redirect', finalStatus: 302 });
    expect(chain.hops).toHaveLength(1);
    expect(chain.hops[0]?.outcome).toMatchObject({ location: 'ftp://a.test.v6ready/file' });
  });

  it('a final 404 is a response: the chain is ok and reports the status', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/missing'), chainOptions(6));
    expect(chain.result).toMatchObject({
      ok: true,
      finalStatus: 404,
      body: '<html>not here</html>',
    });
  });

  it('a refused first address is recorded and the second address answers', async () => {
    const chain = await fetchChain(plain.url('two.test.v6ready'), chainOptions(4));
    expect(chain.result).toMatchObject({ ok: true, finalStatus: 200 });
    expect(chain.hops[0]).toMatchObject({
      address: '127.0.0.1',
      attempts: [{ address: '127.0.0.2', error: 'refused' }, { address: '127.0.0.1' }],
    });
  });

  it('a redirect from http to https checks the certificate of the new host', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/to-https'), chainOptions(6));
    expect(chain.result).toMatchObject({
      ok: true,
      finalUrl: secure.url('www.test.v6ready', '/final'),
      finalStatus: 200,
    });
    expect(chain.hops[0]?.tls).toBeUndefined();
    expect(chain.hops[1]?.tls).toMatchObject({ valid: true });
  });

  it('a certificate invalid for the redirect target fails the chain with tls_invalid', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/to-bad-name'), chainOptions(6));
    expect(chain.result).toMatchObject({
      ok: false,
      error: 'tls_invalid',
      detail: 'ERR_TLS_CERT_ALTNAME_INVALID',
      finalUrl: plain.url('a.test.v6ready', '/to-bad-name'),
      finalStatus: 301,
    });
    expect(chain.hops[1]).toMatchObject({
      address: '::1',
      tls: { subject: 'O=v6ready tests, CN=wrong.test.v6ready', valid: false },
      outcome: { ok: false, error: 'tls_invalid' },
    });
  });

  it('a cookie set with a redirect to the same URL is sent back, so that is not a loop', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/cookie-gate'), chainOptions(6));
    expect(chain.result).toMatchObject({
      ok: true,
      finalStatus: 200,
      body: '<html>behind the gate</html>',
    });
    expect(chain.hops).toHaveLength(2);
  });

  it('the body is kept for the final hop only, truncated at the cap', async () => {
    const chain = await fetchChain(
      plain.url('a.test.v6ready', '/start'),
      chainOptions(4, { maxBodyBytes: 10 }),
    );
    expect(chain.result).toMatchObject({
      ok: true,
      body: '<html>/fin',
      bodyBytes: 10,
      truncated: true,
    });
    expect(
      chain.hops.slice(0, -1).every((hop) => hop.outcome.ok && hop.outcome.bodyBytes === 0),
    ).toBe(true);
  });

  it('a stalled final body fails the chain with timeout and keeps the status it got', async () => {
    const chain = await fetchChain(plain.url('a.test.v6ready', '/stall'), chainOptions(6));
    expect(chain.result).toMatchObject({ ok: false, error: 'timeout', finalStatus: 200 });
  });

  it('the site signal aborted mid-chain ends it promptly with deadline', async () => {
    const site = new AbortController();
    const stalled = new Promise<void>((resolve) => (onStall = resolve));
    const pending = fetchChain(
      plain.url('a.test.v6ready', '/to-stall'),
      chainOptions(4, { signal: site.signal, timeoutMs: 10_000 }),
    );
    await stalled;
    onStall = undefined;
    const startedAt = Date.now();
    site.abort();
    const chain = await pending;
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(chain.result).toMatchObject({ ok: false, error: 'deadline' });
    expect(chain.hops).toHaveLength(2);
  });

  it('an entry URL that is not http(s) is an invalid target', async () => {
    const chain = await fetchChain('ftp://a.test.v6ready/', chainOptions(4));
    expect(chain.result).toMatchObject({ ok: false, error: 'invalid_target' });
    expect(chain.hops).toEqual([]);
  });
});
