import { phrase } from '../../i18n/phrases.ts';
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
      return checkResult('error', phrase('http6_lookup_failed', {}), {
        error: facts.dns.aaaa.outcome,
        ipv4_final_status: v4Status,
      });
    }
    if (countedAddresses(facts.dns.aaaa, allowPrivate).length === 0) {
      return checkResult('fail', phrase('http6_no_address', {}), {
        error: 'no_address',
        ipv4_final_status: v4Status,
      });
    }
    return unmeasured(facts, 'home_page_v6', { ipv4_final_status: v4Status });
  }

  const details = chainDetails(chain, v4Status);
  const status = finalStatusOf(chain);
  if (status === null) {
    const result = chain.result;
    const error = result.ok ? 'error' : result.error;
    // Name the redirect hop that failed, not the last one that answered; the entry goes unsaid.
    const failedAt = chain.hops.length > 1 ? (chain.hops.at(-1)?.url ?? null) : null;
    const summary = phrase('http6_not_loaded', {
      error,
      tls_reason: tlsInvalidReason(chain) ?? null,
      failed_at: failedAt,
    });
    return checkResult('fail', summary, {
      error,
      ...details,
    });
  }
  if (status < 400 || status === v4Status) {
    return checkResult('pass', phrase('http6_loads', { status }), details);
  }
  return checkResult('fail', phrase('http6_error_status', { status, v4_status: v4Status }), {
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
