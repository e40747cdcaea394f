/**
 * What a check summary or a reason says, as a code and its parameters. The sentence is rendered
 * per language from the terms files (en.ts, zh.ts), so every language says exactly the same;
 * report.json keeps the code and parameters beside the English text so that a saved report can be
 * rendered again in another language.
 */
import type { CheckId } from '../checks/check-table.ts';
import type { AddressKind, DnsOutcome } from '../dns/dns-types.ts';
import type { FailureCode } from '../net/failure-code.ts';

export type RecordType = 'A' | 'AAAA' | 'MX';
/** Whose hosts a rule about several hosts speaks of. */
export type HostGroup = 'name_servers' | 'mail_servers';
/** What a check needed and never got (the deadline is the usual cause). */
export type UnmeasuredWhat =
  | 'zone_name_servers'
  | 'name_server_queries'
  | 'smtp_banners'
  | 'home_page_v6'
  | 'tcp6_any_port'
  | 'tcp6_every_port';
/** How the home page ended over one family, for the unreachable verdict. */
export type HomePageState = FailureCode | 'loaded' | 'not_fetched';

export interface AddressWithKind {
  address: string;
  kind: AddressKind;
}

export interface PortOutcome {
  address: string;
  port: number;
  error: FailureCode | null;
}

export interface ProbeFailure {
  host: string;
  address: string;
  error: FailureCode | null;
}

export type SameDifference =
  | { what: 'url'; v4: string; v6: string }
  | { what: 'status'; v4: number; v6: number }
  | { what: 'content'; similarity: number; threshold: number };

type None = Record<string, never>;

/** Every phrase code with the parameters its sentence needs. */
export interface PhraseParams {
  check_off: { profile: string };
  /** SPEC "Vantage": an IPv4 comparison skipped on a scanner without IPv4. */
  ipv6_only_vantage: None;
  not_measured_invalid_target: None;
  not_measured: { what: UnmeasuredWhat; deadline: boolean };
  lookup_failed: { type: RecordType; outcome: DnsOutcome };
  addresses_counted: { type: 'A' | 'AAAA'; addresses: string[]; all_global: boolean };
  addresses_not_global: { type: 'A' | 'AAAA'; addresses: AddressWithKind[] };
  no_record: { type: 'A' | 'AAAA' };
  zone_not_found: { outcome: DnsOutcome };
  hosts_without_aaaa: {
    group: HostGroup;
    zone: string | null;
    hosts: { host: string; addresses: AddressWithKind[] }[];
    total: number;
  };
  hosts_aaaa_lookup_failed: { hosts: { host: string; outcome: DnsOutcome }[] };
  hosts_all_aaaa: { group: HostGroup; zone: string | null; count: number };
  hosts_no_ipv6: { group: HostGroup; zone: string | null };
  probes_failed: { group: HostGroup; failed: ProbeFailure[]; total: number };
  probes_all_answered: { group: HostGroup; zone: string | null; count: number };
  mail_not_asked: None;
  null_mx: None;
  no_mx: None;
  tcp6_lookup_failed: { outcome: DnsOutcome };
  tcp6_no_address: None;
  /** ipv6_only_vantage: the IPv4 side was skipped, not found closed. */
  tcp6_any_port_ok: { ports: number[]; ipv6_only_vantage: boolean };
  tcp6_no_port: { pairs: PortOutcome[] };
  tcp6_port_refused: { pairs: PortOutcome[]; total: number };
  tcp6_all_ok: { count: number; ports: number[] };
  http6_lookup_failed: None;
  http6_no_address: None;
  http6_not_loaded: { error: FailureCode; tls_reason: string | null; failed_at: string | null };
  http6_loads: { status: number };
  http6_error_status: { status: number; v4_status: number | null };
  same_no_a: None;
  same_no_v4_page: None;
  same_no_v6_page: None;
  same_not_measured: None;
  same_differs: { differences: SameDifference[] };
  same_ok: { status: number; similarity: number };
  /** true for each family that has no sample. */
  latency_no_samples: { missing_v6: boolean; missing_v4: boolean };
  latency_slower: { v6_ms: number; v4_ms: number; ratio: number; slack_ms: number };
  latency_ok: { v6_ms: number; v4_ms: number };
  /** The scanner's own stalls (lag_ms at most) could account for the difference. */
  latency_scanner_busy: { lag_ms: number; v6_ms: number; v4_ms: number };
  links_not_asked: { level: 2 | 3 };
  links_home_not_loaded: None;
  links_deadline: None;
  links_budget_spent: None;
  links_max_zero: None;
  links_none_found: None;
  links_all_broken: { sampled: number };
  /** not_measured: links the site deadline cut, left out of the share. */
  links_share: {
    ok6: number;
    total: number;
    ratio: number;
    threshold: number;
    not_measured: number;
  };
  links_deadline_before_counting: { not_measured: number };
  name_not_resolving: { a: DnsOutcome; aaaa: DnsOutcome };
  home_unreachable: { v4: HomePageState; v6: HomePageState };
  deadline_cut: None;
  invalid_target: { detail: string };
}

export type PhraseCode = keyof PhraseParams;

export type Phrase = { [C in PhraseCode]: { code: C; params: PhraseParams[C] } }[PhraseCode];

/** A phrase, typed by its code. */
export function phrase<C extends PhraseCode>(code: C, params: PhraseParams[C]): Phrase {
  return { code, params } as Phrase;
}

/** One entry of `reason_codes`: the check it is about (null for the verdict's own) and its phrase. */
export type Reason = Phrase & { check: CheckId | null };
