import { FAILURE_WORDS } from '../../net/failure-code.ts';
import type { HttpChain, HttpHop } from '../../probe/probe-types.ts';
import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { countedAddresses, lookupFailed } from '../usable-address.ts';
import { finalStatusOf } from './home-page.ts';
import { unmeasured } from './unmeasured.ts';

/**
 * SPEC web_http6: the entry URL, fetched over IPv6 only (each redirect hop resolved and fetched
 * over IPv6 again), ends in a complete response whose status is below 400 or the same as over
 * IPv4; a TLS failure fails with its reason.
 */
export const checkWebHttp6: CheckFunction = ({ facts, allowPrivate }) => {
  const chain = facts.http.v6;
  const v4Status = finalStatusOf(facts.http.v4);
  if (!chain) {
    if (lookupFailed(facts.dns.aaaa)) {
      return checkResult(
        'error',
        'the IPv6 address lookup failed, so the home page was not fetched',
        {
          error: facts.dns.aaaa.outcome,
          ipv4_final_status: v4Status,
        },
      );
    }
    if (countedAddresses(facts.dns.aaaa, allowPrivate).length === 0) {
      return checkResult('fail', 'the home page cannot load over IPv6: no global IPv6 address', {
        error: 'no_address',
        ipv4_final_status: v4Status,
      });
    }
    return unmeasured(facts, 'the home page over IPv6', { ipv4_final_status: v4Status });
  }

  const details = chainDetails(chain, v4Status);
  const status = finalStatusOf(chain);
  if (status === null) {
    const result = chain.result;
    const error = result.ok ? 'error' : result.error;
    const tlsReason = tlsInvalidReason(chain);
    const why = `${FAILURE_WORDS[error]}${tlsReason ? ` (${tlsReason})` : ''}`;
    // Name the redirect hop that failed, not the last one that answered; the entry goes unsaid.
    const failedAt = chain.hops.length > 1 ? chain.hops.at(-1)?.url : undefined;
    const where = failedAt ? ` at ${failedAt}` : '';
    return checkResult('fail', `the home page did not load over IPv6: ${why}${where}`, {
      error,
      ...details,
    });
  }
  if (status < 400 || status === v4Status) {
    return checkResult('pass', `the home page loads over IPv6: HTTP ${status}`, details);
  }
  const v4Words = v4Status === null ? 'no response over IPv4' : `HTTP ${v4Status} over IPv4`;
  return checkResult('fail', `the home page over IPv6 ends in HTTP ${status} (${v4Words})`, {
    error: 'http_status',
    ...details,
  });
};

function chainDetails(chain: HttpChain, v4Status: number | null): Record<string, unknown> {
  const result = chain.result;
  const lastTls = [...chain.hops].reverse().find((hop) => hop.tls)?.tls;
  return {
    entry_url: chain.entryUrl,
    final_url: result.ok ? result.finalUrl : (result.finalUrl ?? null),
    final_status: finalStatusOf(chain),
    ipv4_final_status: v4Status,
    ...(result.ok ? { ttfb_ms: result.ttfbMs } : { detail: result.detail }),
    ...(lastTls
      ? {
          tls: {
            valid: lastTls.valid,
            subject: lastTls.subject,
            issuer: lastTls.issuer,
            valid_to: lastTls.validTo,
            ...(lastTls.invalidReason ? { invalid_reason: lastTls.invalidReason } : {}),
          },
        }
      : {}),
    hops: chain.hops.map(hopDetails),
  };
}

function hopDetails(hop: HttpHop): Record<string, unknown> {
  const outcome = hop.outcome;
  return {
    url: hop.url,
    address: hop.address,
    ...(outcome.ok
      ? { status: outcome.status }
      : { error: outcome.error, status: outcome.status ?? null }),
  };
}

/** Why the certificate was refused, when a hop's certificate was. */
function tlsInvalidReason(chain: HttpChain): string | undefined {
  const refused = chain.hops.find((hop) => hop.tls && !hop.tls.valid);
  return refused?.tls?.invalidReason;
}
