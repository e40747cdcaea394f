import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchOnce, type FetchOnceOptions } from '../../src/probe/http-fetch-once.ts';
import { sharedSecureContext } from '../../src/probe/pinned-connector.ts';
import { startDualStackServer, testTls, type DualStackServer } from './test-servers.ts';

const never = new AbortController().signal;
const options = (extraCaPem: string[] | undefined): FetchOnceOptions => ({
  family: 4,
  timeoutMs: 2000,
  maxBodyBytes: 1000,
  signal: never,
  userAgent: 'v6ready-test/1',
  ...(extraCaPem ? { extraCaPem } : {}),
});

let secure: DualStackServer;
beforeAll(async () => {
  secure = await startDualStackServer({ handler: (_req, res) => res.end('ok'), tls: testTls.leaf });
});
afterAll(() => secure.close());
afterEach(() => {
  vi.restoreAllMocks();
});

describe('sharedSecureContext', () => {
  it('hands out one context for the default anchors and one for a set of extra anchors', () => {
    expect(sharedSecureContext(undefined)).toBe(sharedSecureContext([]));
    const withTestCa = sharedSecureContext([testTls.caPem]);
    expect(sharedSecureContext([testTls.caPem])).toBe(withTestCa);
    expect(withTestCa).not.toBe(sharedSecureContext(undefined));
  });

  it('many https connections build no TLS context of their own', async () => {
    // Built before counting, as the first connection of a run would.
    sharedSecureContext(undefined);
    sharedSecureContext([testTls.caPem]);
    const created = vi.spyOn(tls, 'createSecureContext');
    const url = new URL(secure.url('www.test.v6ready'));
    for (const extraCaPem of [undefined, [testTls.caPem]]) {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => fetchOnce(url, '127.0.0.1', options(extraCaPem))),
      );
      // The handshake happened each time: the certificate was read and judged.
      for (const { hop } of results) expect(hop.tls?.subject).toContain('CN=');
    }
    expect(created).not.toHaveBeenCalled();
  });

  it('the extra anchors make the test certificate valid, the default ones do not', async () => {
    const url = new URL(secure.url('www.test.v6ready'));
    const trusted = await fetchOnce(url, '127.0.0.1', options([testTls.caPem]));
    expect(trusted.hop.tls?.valid).toBe(true);
    const untrusted = await fetchOnce(url, '127.0.0.1', options(undefined));
    // vitest does not set NODE_EXTRA_CA_CERTS, so Node's default store lacks the test CA.
    expect(untrusted.hop.tls).toMatchObject({ valid: false });
  });
});

describe('the certificate read', () => {
  it('reads only the leaf certificate, never the detailed chain, and judges it the same', async () => {
    const read = vi.spyOn(tls.TLSSocket.prototype, 'getPeerCertificate');
    const url = new URL(secure.url('www.test.v6ready'));
    const trusted = await fetchOnce(url, '127.0.0.1', options([testTls.caPem]));
    const leaf = new X509Certificate(testTls.leaf.cert);
    expect(trusted.hop.tls).toMatchObject({
      valid: true,
      subjectAltNames: leaf.subjectAltName?.split(', '),
      validTo: new Date(leaf.validTo).toISOString(),
    });
    expect(trusted.hop.tls?.subject).toContain('CN=');
    // Node's identity check asked once (a chain that verifies), as a leaf read.
    expect(read).toHaveBeenCalledTimes(1);
    expect(read.mock.calls.every(([detailed]) => detailed === false)).toBe(true);
    const wrongName = await fetchOnce(
      new URL(secure.url('www.elsewhere.example')),
      '127.0.0.1',
      options([testTls.caPem]),
    );
    expect(wrongName.hop.tls).toMatchObject({
      valid: false,
      invalidReason: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });
});
