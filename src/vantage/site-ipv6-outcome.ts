import type { SiteFacts } from '../facts/site-facts.ts';
import { isLocalFailure } from '../net/failure-code.ts';
import type { SiteIpv6Outcome } from './vantage-watch.ts';

/** Reads a site's facts for the vantage watch: did IPv6 work, and if not, whose fault was it? */
export function siteIpv6Outcome(facts: SiteFacts): SiteIpv6Outcome {
  const tcp6 = facts.tcp.filter((probe) => probe.family === 6);
  const http6 = facts.http.v6;
  if (http6?.result.ok || tcp6.some((probe) => probe.outcome.ok)) return 'reached';
  const errors = [
    ...tcp6.flatMap((probe) => (probe.outcome.ok ? [] : [probe.outcome.error])),
    ...(http6 && !http6.result.ok ? [http6.result.error] : []),
  ];
  if (errors.length === 0) return 'not_tried';
  return errors.every(isLocalFailure) ? 'local_failure' : 'other_failure';
}
