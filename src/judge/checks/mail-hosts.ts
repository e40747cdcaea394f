import type { MxFacts } from '../../dns/dns-types.ts';
import type { SiteFacts } from '../../facts/site-facts.ts';
import { checkResult } from '../check-result.ts';
import type { CheckResult } from '../judge-types.ts';
import { LOOKUP_FAILURES } from '../usable-address.ts';
import { phrase } from '../../i18n/phrases.ts';

/**
 * The mail facts for mx_aaaa and mx_reach6, or the result that ends the check early: skipped
 * without --mail, without MX or with a null MX (RFC 7505), error when the MX lookup failed.
 */
export function mailFacts(
  facts: SiteFacts,
): { mail: NonNullable<SiteFacts['mail']> } | { result: CheckResult } {
  const mail = facts.mail;
  if (!mail) return { result: checkResult('skip', phrase('mail_not_asked', {})) };
  const mx: MxFacts = mail.mx;
  if (LOOKUP_FAILURES.has(mx.outcome)) {
    return {
      result: checkResult('error', phrase('lookup_failed', { type: 'MX', outcome: mx.outcome }), {
        error: mx.outcome,
      }),
    };
  }
  if (mx.nullMx) return { result: checkResult('skip', phrase('null_mx', {})) };
  if (mx.hosts.length === 0) return { result: checkResult('skip', phrase('no_mx', {})) };
  return { mail };
}
