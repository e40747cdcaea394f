import type { DnsOutcome } from '../dns/dns-types.ts';
import { FAILURE_WORDS } from '../net/failure-code.ts';

/** Plain words for a lookup outcome (every outcome but `ok` is a failure code). */
export function outcomeWords(outcome: DnsOutcome): string {
  return outcome === 'ok' ? 'answered' : FAILURE_WORDS[outcome];
}

/** "1 address", "2 addresses". */
export function count(amount: number, singular: string, plural = `${singular}s`): string {
  return `${amount} ${amount === 1 ? singular : plural}`;
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

/** Milliseconds as a report shows them: one decimal at most. */
export function roundMs(milliseconds: number): number {
  return Math.round(milliseconds * 10) / 10;
}

/** "[2001:db8::1]:443" for IPv6, "192.0.2.1:443" for IPv4. */
export function addressWithPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The first few items and how many more, so that a reason stays one readable sentence. */
export function listSome(items: string[], shown = 3): string {
  if (items.length <= shown) return items.join('; ');
  return `${items.slice(0, shown).join('; ')}; and ${items.length - shown} more`;
}

/** SPEC "Vantage": the reason of every IPv4 comparison skipped on a host without IPv4. */
export const IPV6_ONLY_VANTAGE = 'IPv6-only vantage';
