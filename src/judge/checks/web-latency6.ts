import type { Family } from '../../dns/dns-types.ts';
import type { LatencyFacts, LatencySample } from '../../facts/site-facts.ts';
import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { phrase } from '../../i18n/phrases.ts';
import { roundMs } from '../rounding.ts';

/** What one family's samples say: the fastest time to headers, and how low it could truly be. */
export interface FamilyLatency {
  /** The smallest time to headers measured (ms): queueing only ever adds delay. */
  fastestMs: number;
  /** The same among undisturbed samples: the figure a report may show; null if none was. */
  fastestCleanMs: number | null;
  /**
   * The smallest it could be with the scanner's own delay taken out (ms): a disturbed sample may
   * owe up to its timer lag plus one tick to the scanner; an undisturbed one owes nothing.
   */
  floorMs: number;
}

/** The samples that count: answered, and not replaced by a retake. */
export function countedSamples(latency: LatencyFacts, family: Family): LatencySample[] {
  return latency.samples.filter(
    (sample) => sample.family === family && !sample.retaken && sample.headersMs !== null,
  );
}

export function familyLatency(latency: LatencyFacts, family: Family): FamilyLatency | null {
  const samples = countedSamples(latency, family);
  if (samples.length === 0) return null;
  const headersMs = (sample: LatencySample): number => sample.headersMs ?? 0;
  const scannerShareMs = (sample: LatencySample): number =>
    sample.disturbed ? sample.scannerLagMs + latency.lagTickMs : 0;
  const clean = samples.filter((sample) => !sample.disturbed);
  return {
    fastestMs: Math.min(...samples.map(headersMs)),
    fastestCleanMs: clean.length > 0 ? Math.min(...clean.map(headersMs)) : null,
    floorMs: Math.min(
      ...samples.map((sample) => Math.max(0, headersMs(sample) - scannerShareMs(sample))),
    ),
  };
}

/**
 * SPEC web_latency6: time to response headers over IPv6 is not much worse than over IPv4. It
 * warns (never fails) when IPv6 exceeds both ratio x IPv4 and IPv4 plus the slack, on the fastest
 * sample of each family. Where the scanner stalled during a sample, it decides only if the stall
 * cannot have changed the answer: it warns only if IPv6 is slower even with every stall taken
 * out of IPv6, and passes only if IPv6 is not slower even with every stall taken out of IPv4;
 * otherwise it skips, because the scanner was too busy to measure.
 */
export const checkWebLatency6: CheckFunction = ({ facts, profile }) => {
  const { latencyRatio: ratio, latencySlackMs: slackMs } = profile.thresholds;
  const v6 = familyLatency(facts.latency, 6);
  const v4 = familyLatency(facts.latency, 4);
  const counted = (family: Family): number[] =>
    countedSamples(facts.latency, family).map((sample) => roundMs(sample.headersMs ?? 0));
  const shown = (family: FamilyLatency | null): number | null =>
    family?.fastestCleanMs == null ? null : roundMs(family.fastestCleanMs);
  const details = {
    // A time the scanner may have inflated is never shown as the site's figure.
    v6_ms: shown(v6),
    v4_ms: shown(v4),
    samples_v6_ms: counted(6),
    samples_v4_ms: counted(4),
    scanner_lag_max_ms: roundMs(Math.max(0, ...facts.latency.samples.map((s) => s.scannerLagMs))),
    retakes: facts.latency.samples.filter((sample) => sample.retaken).length / 2,
    ratio,
    slack_ms: slackMs,
  };
  if (!v6 || !v4) {
    const missing = { missing_v6: !v6, missing_v4: !v4 };
    return checkResult('skip', phrase('latency_no_samples', missing), details);
  }
  const slower = (v6Ms: number, v4Ms: number): boolean =>
    v6Ms > ratio * v4Ms && v6Ms - v4Ms > slackMs;
  const v6Ms = roundMs(v6.fastestMs);
  const v4Ms = roundMs(v4.fastestMs);
  if (slower(v6.floorMs, v4.fastestMs)) {
    return checkResult(
      'warn',
      phrase('latency_slower', { v6_ms: v6Ms, v4_ms: v4Ms, ratio, slack_ms: slackMs }),
      details,
    );
  }
  if (!slower(v6.fastestMs, v4.floorMs)) {
    return checkResult('pass', phrase('latency_ok', { v6_ms: v6Ms, v4_ms: v4Ms }), details);
  }
  return checkResult(
    'skip',
    phrase('latency_scanner_busy', {
      lag_ms: details.scanner_lag_max_ms,
      v6_ms: v6Ms,
      v4_ms: v4Ms,
    }),
    details,
  );
};
