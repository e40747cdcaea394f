import type { SiteFacts } from '../../facts/site-facts.ts';
import type { UnmeasuredWhat } from '../../i18n/phrases.ts';
import { phrase } from '../../i18n/phrases.ts';
import { checkResult } from '../check-result.ts';
import type { CheckResult } from '../judge-types.ts';

/** `error`: something the check needs was never measured (the deadline is the usual cause). */
export function unmeasured(
  facts: SiteFacts,
  what: UnmeasuredWhat,
  details: Record<string, unknown> = {},
): CheckResult {
  return checkResult('error', phrase('not_measured', { what, deadline: facts.deadlineHit }), {
    error: facts.deadlineHit ? 'deadline' : 'error',
    ...details,
  });
}
