import type { LinkLevelFacts } from '../crawl/crawl-types.ts';
import type { AddressLookup, MxFacts, ZoneFacts } from '../dns/dns-types.ts';
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
  /** Time-to-headers samples of the final URL per family (first is the main fetch). */
  latency: { v6: number[]; v4: number[] };
  /** Content similarity of the final pages, null when either side has no page. */
  similarity: number | null;
  links: { l2: LinkLevelFacts | null; l3: LinkLevelFacts | null };
  mail: { mx: MxFacts; smtp: SmtpProbeResult[] } | null;
  /** The site deadline cut the scan short; facts after that point are missing. */
  deadlineHit: boolean;
}
