import { phrase } from '../../i18n/phrases.ts';
import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { median, roundMs } from '../rounding.ts';

/**
 * SPEC web_latency6: time to response headers over IPv6 is not much worse than over IPv4. It
 * warns (never fails) when the IPv6 median exceeds both ratio x the IPv4 median and the IPv4
 * median plus the slack; without samples on either family there is nothing to compare.
 */
export const checkWebLatency6: CheckFunction = ({ facts, profile }) => {
  const { latencyRatio: ratio, latencySlackMs: slackMs } = profile.thresholds;
  const medianV6 = median(facts.latency.v6);
  const medianV4 = median(facts.latency.v4);
  const details = {
    median_v6_ms: medianV6 === null ? null : roundMs(medianV6),
    median_v4_ms: medianV4 === null ? null : roundMs(medianV4),
    samples_v6_ms: facts.latency.v6.map(roundMs),
    samples_v4_ms: facts.latency.v4.map(roundMs),
    ratio,
    slack_ms: slackMs,
  };
  if (medianV6 === null || medianV4 === null) {
    const missing = { missing_v6: medianV6 === null, missing_v4: medianV4 === null };
    return checkResult('skip', phrase('latency_no_samples', missing), details);
  }
  const v6Ms = roundMs(medianV6);
  const v4Ms = roundMs(medianV4);
  if (medianV6 > ratio * medianV4 && medianV6 - medianV4 > slackMs) {
    return checkResult(
      'warn',
      phrase('latency_slower', { v6_ms: v6Ms, v4_ms: v4Ms, ratio, slack_ms: slackMs }),
      details,
    );
  }
  return checkResult('pass', phrase('latency_ok', { v6_ms: v6Ms, v4_ms: v4Ms }), details);
};
