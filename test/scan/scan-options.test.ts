import { describe, expect, it } from 'vitest';
import { stepTimeoutMs, timeoutConflict } from '../../src/scan/scan-options.ts';

describe('step timeout and site deadline', () => {
  it('a step never outlasts its site: the shorter of --timeout and --site-timeout', () => {
    expect(stepTimeoutMs({ timeoutMs: 5000, siteTimeoutMs: 60_000 })).toBe(5000);
    expect(stepTimeoutMs({ timeoutMs: 600_000, siteTimeoutMs: 500 })).toBe(500);
  });

  it('warns in one line when --site-timeout is below --timeout, and not otherwise', () => {
    expect(timeoutConflict({ timeoutMs: 5000, siteTimeoutMs: 5000 })).toBeNull();
    expect(timeoutConflict({ timeoutMs: 600_000, siteTimeoutMs: 500 })).toBe(
      '--site-timeout 500 is below --timeout 600000: every step is cut at 500 ms, the site deadline',
    );
  });
});
