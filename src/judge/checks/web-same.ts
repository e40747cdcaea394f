import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { countedAddresses } from '../usable-address.ts';
import { phrase, type SameDifference } from '../../i18n/phrases.ts';
import { renderPhrase } from '../../i18n/render.ts';

/**
 * SPEC web_same: IPv4 and IPv6 end at the same final URL (scheme, host and path; a trailing
 * slash and the query do not count) and status, and the pages are alike (similarity at least
 * the profile's threshold; compare/ strips volatile tokens). Skipped when either family gives
 * no page: parity means nothing then, and web_http6 (required) already fails a missing IPv6
 * page, so it is not counted twice.
 */
export const checkWebSame: CheckFunction = ({ facts, profile, allowPrivate }) => {
  const threshold = profile.thresholds.similarity;
  if (countedAddresses(facts.dns.a, allowPrivate).length === 0) {
    return checkResult('skip', phrase('same_no_a', {}));
  }
  const v4 = facts.http.v4;
  const v6 = facts.http.v6;
  if (!v4 || !v4.result.ok) {
    return checkResult('skip', phrase('same_no_v4_page', {}), {
      error_v4: v4 && !v4.result.ok ? v4.result.error : 'no_address',
    });
  }
  if (!v6 || !v6.result.ok) {
    const error = v6 && !v6.result.ok ? v6.result.error : 'no_address';
    return checkResult('skip', phrase('same_no_v6_page', {}), {
      error_v6: error,
    });
  }
  const details = {
    final_url_v4: v4.result.finalUrl,
    final_url_v6: v6.result.finalUrl,
    status_v4: v4.result.finalStatus,
    status_v6: v6.result.finalStatus,
    similarity: facts.similarity,
    threshold,
  };
  const differences: SameDifference[] = [];
  if (comparableUrl(v4.result.finalUrl) !== comparableUrl(v6.result.finalUrl)) {
    differences.push({ what: 'url', v4: v4.result.finalUrl, v6: v6.result.finalUrl });
  }
  if (v4.result.finalStatus !== v6.result.finalStatus) {
    differences.push({ what: 'status', v4: v4.result.finalStatus, v6: v6.result.finalStatus });
  }
  if (facts.similarity === null) {
    if (differences.length === 0)
      return checkResult('error', phrase('same_not_measured', {}), details);
  } else if (facts.similarity < threshold) {
    differences.push({ what: 'content', similarity: facts.similarity, threshold });
  }
  if (differences.length > 0) {
    const words = differences.map((difference) =>
      renderPhrase(phrase('same_differs', { differences: [difference] })),
    );
    return checkResult('fail', phrase('same_differs', { differences }), {
      ...details,
      differences: words,
    });
  }
  return checkResult(
    'pass',
    phrase('same_ok', { status: v6.result.finalStatus, similarity: facts.similarity ?? 1 }),
    details,
  );
};

/** Scheme, host (with port) and path without a trailing slash: what "the same URL" means. */
function comparableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  }
}
