import type { ResolverEndpoint } from '../dns/dns-types.ts';
import type { Profile } from '../judge/judge-types.ts';

/** Everything a scan needs to know, after the CLI has parsed and checked it. */
export interface ScanOptions {
  resolvers: ResolverEndpoint[];
  concurrency: number;
  /** Each network step (connect, TLS, headers, body idle, one DNS query). */
  timeoutMs: number;
  /** The whole site, whatever the servers do. */
  siteTimeoutMs: number;
  maxBodyBytes: number;
  allowPrivate: boolean;
  /** The vantage check found no working IPv4 (SPEC "Vantage"): IPv4 comparisons are skipped. */
  ipv6OnlyVantage?: boolean;
  depth: 0 | 1 | 2;
  maxLinks: number;
  mail: boolean;
  profile: Profile;
  userAgent: string;
  /** Extra trust anchors in PEM (NODE_EXTRA_CA_CERTS is honoured too). */
  extraCaPem?: string[];
  /** Port for queries sent straight to name servers; 53 except in tests on loopback. */
  nameServerPort?: number;
  /** Port for SMTP banners; 25 except in tests on loopback. */
  smtpPort?: number;
}

export const DEFAULT_WEB_PORTS = [80, 443] as const;
export const MAX_REDIRECTS = 10;
/** web_latency6: pairs of samples (one IPv4, one IPv6 each) taken of the final URL. */
export const LATENCY_PAIRS = 3;
/** A sample during which the scanner's own timer ran later than this is disturbed (ms). */
export const DISTURBED_LAG_MS = 5;
/**
 * A new site starts only while the scanner's timer runs within this of its time (or after
 * QUIET_WAIT_MS). At the disturbance bound itself, the scanner would keep adding sites until its
 * timer ran just on the edge of disturbing every sample in flight: a third of the samples were
 * then taken again, each a request more. Half the bound leaves the samples room.
 */
export const ADMIT_LAG_MS = DISTURBED_LAG_MS / 2;
/**
 * A latency sample reads the page to its end, without keeping it, so that the next sample of its
 * family can go on the same kept-alive connection; past this many bytes it stops and the next
 * sample opens a new connection.
 */
export const LATENCY_DISCARD_BYTES = 256 * 1024;
/** Disturbed pairs taken again, at most, per site. */
export const MAX_LATENCY_RETAKES = 3;
/** Before a retake, how long to wait at most for the scanner to run on time again (ms). */
export const QUIET_WAIT_MS = 1000;
/** Requests one site may cost in the crawl (each link costs one per family). */
export const CRAWL_REQUEST_BUDGET = 100;
export const PER_HOST_CONCURRENCY = 4;

/**
 * The timeout of one network step. A step never outlasts its site: with --site-timeout below
 * --timeout, the site deadline is the step timeout too (the CLI warns). This matters for DNS,
 * whose queries are shared between sites and so end on their own timeout, not a site's abort.
 */
export function stepTimeoutMs(options: Pick<ScanOptions, 'timeoutMs' | 'siteTimeoutMs'>): number {
  return Math.min(options.timeoutMs, options.siteTimeoutMs);
}

/** The warning for a site deadline shorter than one step, or null when the two agree. */
export function timeoutConflict(
  options: Pick<ScanOptions, 'timeoutMs' | 'siteTimeoutMs'>,
): string | null {
  if (options.siteTimeoutMs >= options.timeoutMs) return null;
  return (
    `--site-timeout ${options.siteTimeoutMs} is below --timeout ${options.timeoutMs}: ` +
    `every step is cut at ${options.siteTimeoutMs} ms, the site deadline`
  );
}
