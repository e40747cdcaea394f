import type { FailureCode } from '../net/failure-code.ts';

export type Family = 4 | 6;

/** A DNS server to query: address literal and port. */
export interface ResolverEndpoint {
  address: string;
  port: number;
}

/**
 * Address kinds of SPEC "Checks": `global` counts as IPv6 (or IPv4); every other kind does not
 * and is reported by name.
 */
export type AddressKind =
  | 'global'
  | 'unspecified'
  | 'loopback'
  | 'ipv4_mapped'
  | 'nat64'
  | 'nat64_local'
  | 'discard'
  | 'ietf_protocol'
  | 'teredo'
  | 'benchmarking'
  | 'orchid'
  | 'documentation'
  | 'documentation_3fff'
  | '6to4'
  | 'srv6_sid'
  | 'unique_local'
  | 'link_local'
  | 'site_local'
  | 'multicast'
  // IPv4 kinds
  | 'private'
  | 'cgnat'
  | 'this_network'
  | 'reserved'
  | 'broadcast';

export interface ClassifiedAddress {
  address: string;
  family: Family;
  global: boolean;
  kind: AddressKind;
}

/** How a lookup ended: `ok` means at least one record of the type. */
export type DnsOutcome =
  | 'ok'
  | 'nodata'
  | 'nxdomain'
  | 'servfail'
  | 'dns_refused'
  | 'timeout'
  | 'cname_loop'
  | 'resolver_unreachable'
  | 'dns_error';

export interface AddressLookup {
  queriedName: string;
  recordType: 'A' | 'AAAA';
  outcome: DnsOutcome;
  /** Raw detail for the evidence, never for a reason. */
  detail?: string;
  /** Every CNAME target followed, in order (empty when the name has no CNAME). */
  cnameChain: string[];
  addresses: ClassifiedAddress[];
  /** The resolver that gave the final answer, "ip:port". */
  resolver: string | null;
  elapsedMs: number;
}

/** One DNS query sent straight to a name server's IPv6 address (ns_reach6). */
export interface NameServerProbe {
  address: string;
  outcome:
    | { ok: true; rcode: string; elapsedMs: number }
    | { ok: false; error: FailureCode; elapsedMs: number };
}

export interface NameServerFacts {
  name: string;
  aaaa: AddressLookup;
  /** Probes of each global (or, with allowPrivate, each usable) IPv6 address. */
  reach6: NameServerProbe[];
}

export interface ZoneFacts {
  /** The nearest enclosing name with NS records, or null when none was found. */
  zone: string | null;
  outcome: DnsOutcome;
  detail?: string;
  nameServers: NameServerFacts[];
}

export interface MxHostFacts {
  exchange: string;
  preference: number;
  aaaa: AddressLookup;
}

export interface MxFacts {
  outcome: DnsOutcome;
  /** Raw detail for the evidence (rcode and server, or the failure), never for a reason. */
  detail?: string;
  /** True when the only MX is "." (RFC 7505): the domain takes no mail. */
  nullMx: boolean;
  hosts: MxHostFacts[];
}
