import type { Family } from '../dns/dns-types.ts';
import type { FailureCode } from '../net/failure-code.ts';
import type { SiteConnections } from './pinned-connection.ts';

export interface TcpProbeResult {
  address: string;
  family: Family;
  port: number;
  outcome: { ok: true; connectMs: number } | { ok: false; error: FailureCode; elapsedMs: number };
}

export interface TlsCertificateFacts {
  subject: string;
  issuer: string;
  validFrom: string;
  /** ISO 8601. */
  validTo: string;
  subjectAltNames: string[];
  /** Chain trusted and name matches. */
  valid: boolean;
  /** Why not valid (e.g. "ERR_TLS_CERT_ALTNAME_INVALID", "CERT_HAS_EXPIRED"). */
  invalidReason?: string;
}

/** Milliseconds, unrounded; the phases do not overlap, so none includes another. */
export interface HttpTimings {
  /** TCP connect round trip: connect() issued to connection established. */
  connectMs?: number;
  /** TLS handshake: TCP connected to handshake done (https only). */
  tlsMs?: number;
  /** Request headers written to response headers read: one round trip plus the server's time. */
  ttfbMs?: number;
  /** Whole hop: before the connect to the end of the body (or the failure). */
  totalMs: number;
}

/** One address tried for one hop. */
export interface AddressAttempt {
  address: string;
  error?: FailureCode;
  detail?: string;
}

export type HopOutcome =
  | {
      ok: true;
      status: number;
      /** Location header, resolved against the hop URL, on 3xx. */
      location?: string;
      contentType?: string;
      bodyBytes: number;
      /** The body was longer than maxBodyBytes and reading stopped at the cap. */
      truncated: boolean;
      timings: HttpTimings;
    }
  | { ok: false; error: FailureCode; detail: string; timings: HttpTimings; status?: number };

export interface HttpHop {
  url: string;
  family: Family;
  /** The address that gave the outcome (null when none could be resolved). */
  address: string | null;
  attempts: AddressAttempt[];
  tls?: TlsCertificateFacts;
  outcome: HopOutcome;
}

export type HttpChainResult =
  | {
      ok: true;
      finalUrl: string;
      finalStatus: number;
      /** Decoded body up to the cap (text); empty in the facts scanSite returns. */
      body: string;
      bodyBytes: number;
      truncated: boolean;
      /** Time to headers of the final hop (HttpTimings.ttfbMs). */
      ttfbMs: number;
    }
  | {
      ok: false;
      error: FailureCode;
      detail: string;
      /** The last hop that got a response, when any did. */
      finalUrl?: string;
      finalStatus?: number;
    };

/** A whole fetch of one URL over one family, redirects followed by hand. */
export interface HttpChain {
  family: Family;
  entryUrl: string;
  hops: HttpHop[];
  result: HttpChainResult;
}

/**
 * Resolves a host for one family into addresses the scanner may connect to (already filtered by
 * the safety rule). Injected by scan/ so that probes never reach back into dns/.
 */
/** The addresses a hop may connect to, or why there are none. */
export type ResolvedAddresses =
  { ok: true; addresses: string[] } | { ok: false; error: FailureCode; detail: string };

export type ResolveForFamily = (host: string, family: Family) => Promise<ResolvedAddresses>;

/** Certificate facts already read during one site, by "address SNI". */
export type CertificateMemo = Map<string, TlsCertificateFacts>;

export interface HttpProbeOptions {
  family: Family;
  resolve: ResolveForFamily;
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  /** Aborts everything when the site deadline passes. */
  signal: AbortSignal;
  /** Extra trust anchors (PEM), added to the system roots; tests use a test CA. */
  extraCaPem?: string[];
  /** One per site: each (address, SNI)'s certificate is read once. */
  certificateMemo?: CertificateMemo;
  userAgent: string;
  /** The site's kept-alive connections (fetchOnce); without them every hop connects afresh. */
  connections?: SiteConnections;
  /** With `connections`: every hop opens a new connection (which later requests may reuse). */
  freshConnections?: boolean;
}
