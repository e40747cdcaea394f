import type { CheckId, CheckRole, CheckStatus } from '../checks/check-table.ts';
import type { DnsOutcome } from '../dns/dns-types.ts';
import type { Verdict } from '../judge/judge-types.ts';
import type { FailureCode } from '../net/failure-code.ts';
import type { PhraseCode, PhraseParams } from './phrases.ts';
import type { ReportTerms } from './report-terms.ts';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Everything a language says: one object per language (en.ts, zh.ts), the same keys in each. */
export interface Terms {
  language: Language;
  verdicts: Record<Verdict, string>;
  statuses: Record<CheckStatus, string>;
  roles: Record<CheckRole, string>;
  /** The name of each check for people (the id stays the JSON key and CSV column). */
  checks: Record<CheckId, string>;
  failures: Record<FailureCode, string>;
  /** A lookup outcome in words: `ok` and every failure. */
  outcome: (outcome: DnsOutcome) => string;
  phrases: { [C in PhraseCode]: (params: PhraseParams[C]) => string };
  /** One line of `reasons`: the check's sentence after the check, or the verdict's alone. */
  reasonLine: (check: CheckId | null, text: string) => string;
  report: ReportTerms;
}

/** The first few items and how many more, so that a sentence stays readable. */
export function listSome(items: string[], more: (count: number) => string, shown = 3): string[] {
  if (items.length <= shown) return items;
  return [...items.slice(0, shown), more(items.length - shown)];
}

/**
 * A ratio with two decimals, or more when two decimals would make it look equal to the
 * threshold it is compared with (0.899 against 0.90 reads "0.899 < 0.90", not "0.90 < 0.90").
 */
export function formatRatio(value: number, comparedWith?: number): string {
  let digits = 2;
  while (
    comparedWith !== undefined &&
    digits < 6 &&
    value !== comparedWith &&
    value.toFixed(digits) === comparedWith.toFixed(digits)
  ) {
    digits++;
  }
  return value.toFixed(digits);
}

/** "[2001:db8::1]:443" for IPv6, "192.0.2.1:443" for IPv4. */
export function addressWithPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
