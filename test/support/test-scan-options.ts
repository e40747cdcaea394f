import { loadProfile } from '../../src/judge/load-profile.ts';
import type { ScanOptions } from '../../src/scan/scan-options.ts';

/**
 * Scan options for in-process tests against servers on loopback: the zone server on
 * 127.0.0.1:`dnsPort` (also asked by ns_reach6), private addresses allowed, depth 0, no mail.
 * Each test states only what it changes.
 */
export async function loopbackScanOptions(
  dnsPort: number,
  changes: Partial<ScanOptions> = {},
): Promise<ScanOptions> {
  return {
    resolvers: [{ address: '127.0.0.1', port: dnsPort }],
    concurrency: 1,
    timeoutMs: 1000,
    siteTimeoutMs: 10_000,
    maxBodyBytes: 1 << 20,
    allowPrivate: true,
    depth: 0,
    maxLinks: 20,
    mail: false,
    profile: await loadProfile('default'),
    userAgent: 'v6ready-test',
    nameServerPort: dnsPort,
    ...changes,
  };
}
