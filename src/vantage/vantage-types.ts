import type { FailureCode } from '../net/failure-code.ts';

/** One thing the vantage check tried: the route towards it, then a DNS question to it. */
export interface VantageAttempt {
  /** "ip:port", IPv6 in brackets. */
  target: string;
  /** A configured resolver, or an anchor (--vantage-probe, else a DNS root server). */
  role: 'resolver' | 'anchor';
  /** The source address the kernel picks for this target; null when it has no route. */
  source: string | null;
  /** The kind of that source (global, loopback, link_local, ...). */
  source_kind: string | null;
  /**
   * What came back: a DNS message (any response code), or an ICMP port unreachable (the host was
   * reached and said nothing listens); null when nothing did.
   */
  answer: 'dns_response' | 'port_unreachable' | null;
  /** Why this attempt does not count; null when it does. */
  error: FailureCode | null;
  detail?: string;
  elapsed_ms: number;
}

/** The vantage of one family: working when one attempt had a usable source and an answer. */
export interface VantageFamilyCheck {
  working: boolean;
  /** The usable source address of the attempt that worked. */
  source: string | null;
  /** Plain words for a person: what works, or what is missing. */
  summary: string;
  tried: VantageAttempt[];
}

export interface VantageCheck {
  checked_at: string;
  ipv6: VantageFamilyCheck;
  ipv4: VantageFamilyCheck;
}
