import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchOnce, type FetchOnceOptions } from '../../src/probe/http-fetch-once.ts';
import type { CertificateMemo } from '../../src/probe/probe-types.ts';
import { startDualStackServer, testTls, type DualStackServer } from './test-servers.ts';

const never = new AbortController().signal;
const options = (overrides: Partial<FetchOnceOptions>): FetchOnceOptions => ({
  family: 4,
  timeoutMs: 2000,
  maxBodyBytes: 1000,
  signal: never,
  userAgent: 'v6ready-test/1',
  extraCaPem: [testTls.caPem],
  ...overrides,
});

let secure: DualStackServer;
beforeAll(async () => {
  secure = await startDualStackServer({ handler: (_req, res) => res.end('ok'), tls: testTls.leaf });
});
afterAll(() => secure.close());
afterEach(() => {
  vi.restoreAllMocks();
});

/** Certificates read from sockets, and names checked against them. */
function counters(): { reads: () => number; nameChecks: () => number } {
  const reads = vi.spyOn(tls.TLSSocket.prototype, 'getPeerCertificate');
  const nameChecks = vi.spyOn(tls, 'checkServerIdentity');
  return { reads: () => reads.mock.calls.length, nameChecks: () => nameChecks.mock.calls.length };
}

describe('certificate facts within one site', () => {
  it('are judged once per address and name, and every hop still carries them', async () => {
    const { reads, nameChecks } = counters();
    const certificateMemo: CertificateMemo = new Map();
    const url = new URL(secure.url('www.test.v6ready'));
    const hops = [];
    for (let index = 0; index < 3; index++) {
      hops.push((await fetchOnce(url, '127.0.0.1', options({ certificateMemo }))).hop);
    }
    expect(nameChecks()).toBe(1);
    // Once a connection, by Node for its identity callback, whose copy the probe keeps.
    expect(reads()).toBe(3);
    for (const hop of hops) {
      expect(hop.outcome).toMatchObject({ ok: true, status: 200 });
      expect(hop.tls).toEqual(hops[0]?.tls);
      expect(hop.tls?.valid).toBe(true);
    }

    // Another address, or another name on the same address, is judged on its own.
    await fetchOnce(url, '::1', options({ certificateMemo, family: 6 }));
    await fetchOnce(new URL(secure.url('test.v6ready')), '127.0.0.1', options({ certificateMemo }));
    expect(nameChecks()).toBe(3);
  });

  it('are read again when the chain no longer verifies, so a failure is its own', async () => {
    const certificateMemo: CertificateMemo = new Map();
    const url = new URL(secure.url('www.test.v6ready'));
    const trusted = await fetchOnce(url, '127.0.0.1', options({ certificateMemo }));
    expect(trusted.hop.tls?.valid).toBe(true);
    const untrusted = await fetchOnce(
      url,
      '127.0.0.1',
      options({ certificateMemo, extraCaPem: [] }),
    );
    expect(untrusted.hop.outcome).toMatchObject({ ok: false, error: 'tls_invalid' });
    expect(untrusted.hop.tls).toMatchObject({ valid: false });
  });

  it('without a memo, every connection judges its certificate, read once', async () => {
    const { reads, nameChecks } = counters();
    const url = new URL(secure.url('www.test.v6ready'));
    await fetchOnce(url, '127.0.0.1', options({}));
    await fetchOnce(url, '127.0.0.1', options({}));
    expect(nameChecks()).toBe(2);
    expect(reads()).toBe(2);
  });
});
