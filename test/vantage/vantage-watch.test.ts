import { describe, expect, it } from 'vitest';
import { LOST_AFTER_LOCAL_FAILURES, VantageWatch } from '../../src/vantage/vantage-watch.ts';
import type { SiteIpv6Outcome } from '../../src/vantage/vantage-watch.ts';

function watchOf(outcomes: SiteIpv6Outcome[]): VantageWatch {
  const watch = new VantageWatch();
  for (const outcome of outcomes) watch.observe(outcome);
  return watch;
}

describe('the vantage watch', () => {
  it('takes IPv6 as lost when the last sites that tried IPv6 all failed locally', () => {
    const watch = watchOf([
      'reached',
      'local_failure',
      'not_tried',
      'local_failure',
      'local_failure',
    ]);
    expect(LOST_AFTER_LOCAL_FAILURES).toBe(3);
    expect(watch.lostReason()).toMatch(
      /last 3 sites that tried IPv6 all failed with a local network error/,
    );
  });

  it('does not blame the vantage for a few unroutable sites among working ones', () => {
    expect(watchOf(['local_failure', 'local_failure', 'reached']).lostReason()).toBeNull();
    expect(watchOf(['reached', 'local_failure', 'local_failure']).lostReason()).toBeNull();
  });

  it('counts a site whose IPv6 failed at the far end as evidence that IPv6 still works', () => {
    const outcomes: SiteIpv6Outcome[] = [
      'local_failure',
      'local_failure',
      'other_failure',
      'local_failure',
    ];
    expect(watchOf(outcomes).lostReason()).toBeNull();
  });
});
