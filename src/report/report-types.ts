/**
 * The shapes of report.json, report.csv and sites.jsonl (SPEC "Reports"). JSON keys are snake_case
 * because the files are read by people and by other tools, not by this code alone.
 */
import type { CheckId } from '../checks/check-table.ts';
import type { AddressKind, DnsOutcome } from '../dns/dns-types.ts';
import type { CheckResult, Verdict } from '../judge/judge-types.ts';
import type { Reason } from '../i18n/phrases.ts';
import type { FailureCode } from '../net/failure-code.ts';
import type { VantageFamilyCheck } from '../vantage/vantage-types.ts';

export const REPORT_SCHEMA = 'v6ready/report@1';

/** How a measured step ended: `ok`, or the failure word. */
export type StepOutcome = 'ok' | FailureCode;

export interface DnsAnswerEvidence {
  address: string;
  kind: AddressKind;
  global: boolean;
}

export interface LookupEvidence {
  name: string;
  type: 'A' | 'AAAA';
  outcome: DnsOutcome;
  detail: string | null;
  cname_chain: string[];
  answers: DnsAnswerEvidence[];
  /** "ip:port" of the resolver that gave the final answer. */
  resolver: string | null;
  elapsed_ms: number;
}

export interface NameServerProbeEvidence {
  address: string;
  outcome: StepOutcome;
  /** The response code when the server answered (any code counts as reachable). */
  rcode: string | null;
  ms: number;
}

export interface NameServerEvidence {
  name: string;
  aaaa: LookupEvidence;
  reach6: NameServerProbeEvidence[];
}

export interface ZoneEvidence {
  zone: string | null;
  outcome: DnsOutcome;
  detail: string | null;
  name_servers: NameServerEvidence[];
}

export interface TcpEvidence {
  address: string;
  port: number;
  outcome: StepOutcome;
  /** Connect time on success, time until the failure otherwise. */
  ms: number;
}

/** One web_latency6 sample (facts/site-facts.ts LatencySample), times in ms. */
export interface LatencySampleEvidence {
  family: 4 | 6;
  pair: number;
  address: string;
  /** TCP connect round trip. */
  connect_ms: number | null;
  /** Request headers written to response headers read. */
  headers_ms: number | null;
  /** How late the scanner's own timer ran during the sample. */
  scanner_lag_ms: number;
  disturbed: boolean;
  /** Replaced by a retake of its pair. */
  retaken: boolean;
  error: FailureCode | null;
}

export interface TlsEvidence {
  subject: string;
  issuer: string;
  valid_from: string;
  valid_to: string;
  subject_alt_names: string[];
  valid: boolean;
  invalid_reason: string | null;
}

export interface HttpTimingsEvidence {
  connect_ms: number | null;
  tls_ms: number | null;
  ttfb_ms: number | null;
  total_ms: number;
}

export interface AddressAttemptEvidence {
  address: string;
  error: FailureCode | null;
  detail: string | null;
}

export interface HttpHopEvidence {
  url: string;
  address: string | null;
  attempts: AddressAttemptEvidence[];
  outcome: StepOutcome;
  detail: string | null;
  status: number | null;
  location: string | null;
  content_type: string | null;
  body_bytes: number | null;
  truncated: boolean | null;
  timings: HttpTimingsEvidence;
  tls: TlsEvidence | null;
}

/** One family's fetch of the entry URL: the hop chain and how it ended. The body is not kept. */
export interface HttpChainEvidence {
  entry_url: string;
  outcome: StepOutcome;
  detail: string | null;
  final_url: string | null;
  final_status: number | null;
  ttfb_ms: number | null;
  body_bytes: number | null;
  truncated: boolean | null;
  hops: HttpHopEvidence[];
}

export interface SmtpEvidence {
  exchange: string;
  address: string;
  outcome: StepOutcome;
  banner: string | null;
  detail: string | null;
  ms: number;
}

export interface MailEvidence {
  mx_outcome: DnsOutcome;
  null_mx: boolean;
  hosts: { exchange: string; preference: number; aaaa: LookupEvidence }[];
  smtp: SmtpEvidence[];
}

export interface PerFamily<T> {
  v6: T;
  v4: T;
}

/** What was tried, with what outcome and timings: enough for a site owner to reproduce it. */
export interface SiteEvidence {
  started_at: string;
  finished_at: string;
  /** The site deadline cut the scan short; later steps are missing. */
  deadline_hit: boolean;
  /** The entry URL finally used (https, or http after fallback). */
  entry_url: string | null;
  dns: { a: LookupEvidence; aaaa: LookupEvidence; zone: ZoneEvidence | null };
  web_ports: number[];
  tcp: PerFamily<TcpEvidence[]>;
  http: PerFamily<HttpChainEvidence | null>;
  /** The final hop's certificate per family; null when that hop was plain HTTP or never ran. */
  tls: PerFamily<TlsEvidence | null>;
  similarity: number | null;
  /** web_latency6's interleaved samples of the final URL, retaken ones included. */
  latency: { lag_tick_ms: number; samples: LatencySampleEvidence[] };
  mail: MailEvidence | null;
}

/**
 * The few figures report.csv shows beside the check statuses. Kept in the site object so that a
 * merged or diffed report can write its CSV again without the original facts.
 */
export interface SiteFigures {
  /** Every AAAA answer as given (global or not; the kind is in evidence.dns). */
  aaaa: string[];
  a: string[];
  /** Final HTTP status, or the failure word; null when that family was not fetched. */
  v6_status: number | FailureCode | null;
  v4_status: number | FailureCode | null;
  /**
   * Time to response headers: the fastest latency sample (web_latency6's figure), else the home
   * page fetch's; null when that family gave no response.
   */
  v6_ttfb_ms: number | null;
  v4_ttfb_ms: number | null;
  similarity: number | null;
  l2_ratio: number | null;
  l3_ratio: number | null;
}

/** One site of report.json and one line of sites.jsonl. */
export interface SiteReport {
  /** Position in the combined input: the sort key of every report. */
  index: number;
  /** The target as given. */
  target: string;
  /** ASCII (punycode) host; null for an invalid target. */
  host: string | null;
  unicode_host: string | null;
  category: string | null;
  owner: string | null;
  name: string | null;
  rank: number | null;
  verdict: Verdict;
  score: number;
  reasons: string[];
  /**
   * The same reasons as codes and parameters (src/i18n/phrases.ts), so that a saved report can be
   * rendered in any language. Absent from reports written before it existed.
   */
  reason_codes?: Reason[];
  checks: Record<CheckId, CheckResult>;
  figures: SiteFigures;
  /** null for an invalid target: nothing was measured. */
  evidence: SiteEvidence | null;
  /** When the site's measurements were complete (ISO 8601). */
  scanned_at: string;
}

/** Where the scan ran from: the same site can look different from another network. */
export interface Vantage {
  hostname: string;
  /** The local IPv6 / IPv4 source addresses used, when known. */
  ipv6_source?: string | null;
  ipv4_source?: string | null;
  /** SPEC "Vantage": the check before the first site, per family, with everything tried. */
  checked_at?: string;
  ipv6?: VantageFamilyCheck;
  ipv4?: VantageFamilyCheck;
  /** No working IPv4: the IPv4 comparisons were skipped. */
  ipv6_only?: boolean;
  /** The IPv6 check again after the last site (absent when the scan was interrupted). */
  end_check?: VantageFamilyCheck;
  /** Why the vantage is taken to have lost IPv6 during the scan (exit 4), else null. */
  lost?: string | null;
}

/** The scan options that shape the results, filled by the CLI. */
export interface ReportOptions {
  resolvers: string[];
  timeout_ms: number;
  site_timeout_ms: number;
  max_body_bytes: number;
  /** Profile name (or file path). */
  profile: string;
  depth: number;
  max_links: number;
  mail: boolean;
  /** "K/N" for a shard, null for a whole scan or a merge. */
  shard: string | null;
  allow_private: boolean;
  vantage: Vantage;
  /** SHA-256 of the profile's content, so two files of the same name are told apart. */
  profile_sha256?: string;
  /** Targets in the whole input, before --shard (the denominator of a merge). */
  input_total?: number;
  /** SHA-256 of the whole input's targets in order: shards of one list share it. */
  input_sha256?: string;
}

export type VerdictCounts = Record<Verdict, number>;

export interface GroupSummary {
  total: number;
  by_verdict: VerdictCounts;
  /** Mean over measured sites (not error / unreachable); null when there are none. */
  mean_score: number | null;
}

export interface ReportSummary {
  total: number;
  by_verdict: VerdictCounts;
  /** Keyed by category; sites without one are under NO_GROUP_KEY. */
  by_category: Record<string, GroupSummary>;
  by_owner: Record<string, GroupSummary>;
  /** Sites with verdict non_compliant, partial or compliant. */
  measured: number;
  mean_score: number | null;
  /** compliant / total, in percent. */
  compliant_percent: number;
  /** compliant / measured, in percent (0 when nothing was measured). */
  measured_compliant_percent: number;
}

/** One input of a merge, so the merged report says where each part came from. */
export interface MergedSource {
  dir: string;
  /** "report.json" or "sites.jsonl" (a shard that did not finish). */
  file: string;
  shard: string | null;
  started_at: string | null;
  finished_at: string | null;
  sites: number;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  tool: { name: string; version: string };
  started_at: string;
  finished_at: string;
  options: ReportOptions;
  /** false when the report lacks sites of its input (an interrupted scan, a merge of too few shards). */
  complete: boolean;
  /** Sites in this report. */
  sites_done: number;
  /** Sites the input asked for (this shard's part for a shard; the whole list for a merge). */
  sites_total: number;
  summary: ReportSummary;
  /** Present only on a merged report. */
  merged_from?: MergedSource[];
  sites: SiteReport[];
}

/** Everything of a report but its sites: what a streaming reader knows before the first site. */
export type ReportHeader = Omit<Report, 'sites'>;
