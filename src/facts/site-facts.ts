import type { LinkLevelFacts } from '../crawl/crawl-types.ts';
import type { AddressLookup, Family, MxFacts, ZoneFacts } from '../dns/dns-types.ts';
import type { FailureCode } from '../net/failure-code.ts';
import type { HttpChain, TcpProbeResult } from '../probe/probe-types.ts';
import type { ValidTarget } from '../targets/target.ts';

/** SMTP banner probe of one MX IPv6 address (mx_reach6). */
export interface SmtpProbeResult {
  exchange: string;
  address: string;
  outcome:
    | { ok: true; banner: string; elapsedMs: number }
    | { ok: false; error: FailureCode; detail: string; banner?: string; elapsedMs: number };
}

/**
 * One latency sample: one GET of the final URL to the address that served it, on its family's
 * kept-alive sample connection (opened by the first sample), timed in phases (milliseconds,
 * unrounded).
 */
export interface LatencySample {
  family: Family;
  /** Samples come in pairs, one per family; the pairs alternate which family goes first. */
  pair: number;
  address: string;
  /**
   * TCP connect round trip: connect() issued to connection established; null if none, as on a
   * connection an earlier sample opened.
   */
  connectMs: number | null;
  /** Request headers written to response headers read; null without a response. */
  headersMs: number | null;
  /** The largest lateness of the scanner's own timer while the sample ran (scan/scanner-lag.ts). */
  scannerLagMs: number;
  /** scannerLagMs was over the scan's bound: the scanner itself may have added to the times. */
  disturbed: boolean;
  /** Its pair was disturbed and taken again: the retake counts instead of this one. */
  retaken: boolean;
  error?: FailureCode;
}

export interface LatencyFacts {
  /** Every sample taken, retaken ones included, in the order taken. */
  samples: LatencySample[];
  /** Period of the lag timer: a stall shorter than this may go unseen (ms). */
  lagTickMs: number;
}

/** Everything measured about one site: facts only, no judgement. judge/ reads this. */
export interface SiteFacts {
  target: ValidTarget;
  startedAt: string;
  finishedAt: string;
  dns: {
    a: AddressLookup;
    aaaa: AddressLookup;
    /** null when the name did not resolve, so there was no zone to ask about. */
    zone: ZoneFacts | null;
  };
  /** The web ports probed: 80, 443 and the entry URL's own port. */
  webPorts: number[];
  tcp: TcpProbeResult[];
  /** The entry URL that was finally used (https, or http after fallback). */
  entryUrl: string | null;
  http: { v6: HttpChain | null; v4: HttpChain | null };
  /** Interleaved IPv4/IPv6 samples of the final URL (web_latency6). */
  latency: LatencyFacts;
  /** Content similarity of the final pages, null when either side has no page. */
  similarity: number | null;
  links: { l2: LinkLevelFacts | null; l3: LinkLevelFacts | null };
  mail: { mx: MxFacts; smtp: SmtpProbeResult[] } | null;
  /** The site deadline cut the scan short; facts after that point are missing. */
  deadlineHit: boolean;
}
