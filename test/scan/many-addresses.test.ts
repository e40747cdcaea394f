/**
 * Hosts with more addresses than anyone should try, in a network namespace of the test's own
 * where 2001:db8:dead::/48 swallows every packet (see test/support/blackhole-namespace.ts).
 */
import { describe, expect, it } from 'vitest';
import { MAX_ADDRESSES_PER_FAMILY } from '../../src/dns/addresses-to-try.ts';
import { canMakeNamespaces, runBlackholeScan } from '../support/blackhole-namespace.ts';

const namespaces = canMakeNamespaces();
if (!namespaces) console.warn('many-addresses: skipped, needs root with unshare and ip');

describe.skipIf(!namespaces)('many addresses, none answering', () => {
  it('1,000 silent AAAA and a working IPv4: non_compliant within seconds, IPv4 measured', async () => {
    const run = await runBlackholeScan('many-aaaa');
    expect(run.code, run.stderrTail).toBe(0);
    const site = run.sites?.[0];
    expect(site?.verdict).toBe('non_compliant');
    expect(site?.evidence.deadline_hit).toBe(false);
    expect(site?.evidence.http.v4?.final_status).toBe(200);
    expect(site?.evidence.http.v6?.outcome).toBe('timeout');
    // The first eight addresses of the answer, each on 80, 443 and the entry port.
    const probed = new Set(site?.evidence.tcp.v6.map((probe) => probe.address));
    expect([...probed]).toEqual(
      Array.from(
        { length: MAX_ADDRESSES_PER_FAMILY },
        (_, index) => `2001:db8:dead:0::${index + 1}`,
      ).map((address) => address.replace(':0::', '::')),
    );
    // Eight 1.5 s attempts in turn, on a loaded machine; without the cap, the 60 s deadline.
    expect(run.elapsedMs).toBeLessThan(45_000);
    // Measured: 155 MB peak for the CLI (tsx included).
    expect(run.peakRssBytes).toBeLessThan(250 * 1024 * 1024);
  }, 120_000);

  it('--concurrency 512 under ulimit -n 256 writes its reports: no EMFILE anywhere', async () => {
    const run = await runBlackholeScan('fd-limit');
    expect(run.code, run.stderrTail).toBe(0);
    expect(run.stderrTail).not.toContain('EMFILE');
    expect(run.sites).toHaveLength(100);
    const outcomes = (run.sites ?? []).flatMap((site) =>
      [...site.evidence.tcp.v4, ...site.evidence.tcp.v6].map((probe) => probe.outcome),
    );
    // Out of descriptors would show as the unclassified 'error'; silence is 'timeout'.
    expect(outcomes).not.toContain('error');
    expect(outcomes).toContain('timeout');
  }, 300_000);
});
