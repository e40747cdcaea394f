import type { SiteFacts } from '../../facts/site-facts.ts';
import { checkResult } from '../check-result.ts';
import type { CheckResult } from '../judge-types.ts';

/** `error`: something the check needs was never measured (the deadline is the usual cause). */
export function unmeasured(
  facts: SiteFacts,
  what: string,
  details: Record<string, unknown> = {},
): CheckResult {
  const why = facts.deadlineHit ? ' (site deadline reached)' : '';
  return checkResult('error', `${what} was not measured${why}`, {
    error: facts.deadlineHit ? 'deadline' : 'error',
    ...details,
  });
}
