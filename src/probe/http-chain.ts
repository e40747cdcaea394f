import { describeError } from '../net/failure-code.ts';
import type { FailureCode } from '../net/failure-code.ts';
import { ABORTED, settleOrAbort } from '../net/deadline.ts';
import { CookieJar } from './cookie-jar.ts';
import { decodeBodyText } from './decode-body-text.ts';
import { fetchOnce, isFollowedRedirect } from './http-fetch-once.ts';
import type { FetchOnceResult } from './http-fetch-once.ts';
import type {
  AddressAttempt,
  HttpChain,
  HttpChainResult,
  HttpHop,
  HttpProbeOptions,
} from './probe-types.ts';

/**
 * Fetches a URL over one family and follows its redirects by hand: every hop's host is resolved
 * again for that family (so a redirect to an IPv4-only host fails the IPv6 chain), and every
 * hop gets a connection of its own. Ends in the first response that is not a followed redirect,
 * whatever its status; fails when no response can be had.
 */
export async function fetchChain(entryUrl: string, options: HttpProbeOptions): Promise<HttpChain> {
  const hops: HttpHop[] = [];
  const chain = (result: HttpChainResult): HttpChain => ({
    family: options.family,
    entryUrl,
    hops,
    result,
  });
  let lastResponse: { finalUrl: string; finalStatus: number } | undefined;
  const failed = (error: FailureCode, detail: string): HttpChain =>
    chain({ ok: false, error, detail, ...lastResponse });

  let url: URL;
  try {
    url = new URL(entryUrl);
  } catch (error) {
    return failed('invalid_target', describeError(error));
  }
  if (!isWebScheme(url)) return failed('invalid_target', `not an http(s) URL: ${entryUrl}`);
  url.hash = '';

  const jar = new CookieJar();
  // A URL visited again with the same cookies would get the same answer again.
  const visited = new Set<string>();
  for (let redirects = 0; ; redirects++) {
    const cookieHeader = jar.headerFor(url);
    visited.add(`${url.href}\n${cookieHeader ?? ''}`);
    const { hop, body, setCookies } = await fetchHop(url, options, cookieHeader);
    hops.push(hop);
    const outcome = hop.outcome;
    if (outcome.status !== undefined)
      lastResponse = { finalUrl: hop.url, finalStatus: outcome.status };
    if (!outcome.ok) return failed(outcome.error, outcome.detail);
    jar.store(setCookies, url);

    if (!isFollowedRedirect(outcome.status) || outcome.location === undefined) {
      return chain({
        ok: true,
        finalUrl: hop.url,
        finalStatus: outcome.status,
        body: decodeBodyText(body, outcome.contentType),
        bodyBytes: outcome.bodyBytes,
        truncated: outcome.truncated,
        ttfbMs: outcome.timings.ttfbMs ?? outcome.timings.totalMs,
      });
    }

    let next: URL;
    try {
      next = new URL(outcome.location);
    } catch {
      return failed('bad_redirect', `Location does not parse: ${outcome.location.slice(0, 200)}`);
    }
    if (!isWebScheme(next)) return failed('bad_redirect', `redirect to ${next.protocol} URL`);
    if (redirects >= options.maxRedirects) {
      return failed('too_many_redirects', `more than ${options.maxRedirects} redirects`);
    }
    next.hash = '';
    if (visited.has(`${next.href}\n${jar.headerFor(next) ?? ''}`)) {
      return failed('redirect_loop', `${url.href} redirects back to ${next.href}`);
    }
    url = next;
  }
}

function isWebScheme(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/**
 * One hop: resolve its host for the family, then try the addresses in order until one takes
 * the TCP connection. Once connected, the answer (or failure) of that address is the hop's.
 */
async function fetchHop(
  url: URL,
  options: HttpProbeOptions,
  cookieHeader: string | undefined,
): Promise<FetchOnceResult> {
  const startedAt = performance.now();
  const unresolved = (error: FailureCode, detail: string): FetchOnceResult => ({
    hop: {
      url: url.href,
      family: options.family,
      address: null,
      attempts: [],
      outcome: {
        ok: false,
        error,
        detail,
        timings: { totalMs: Math.round(performance.now() - startedAt) },
      },
    },
    body: Buffer.alloc(0),
    connected: false,
    setCookies: [],
  });

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let resolved: Awaited<ReturnType<HttpProbeOptions['resolve']>> | typeof ABORTED;
  try {
    // The resolver has timeouts of its own; the site deadline must still win at once.
    resolved = await settleOrAbort(options.resolve(host, options.family), options.signal);
  } catch (error) {
    return unresolved('dns_error', describeError(error));
  }
  if (resolved === ABORTED) return unresolved('deadline', 'site deadline reached');
  if (!resolved.ok) return unresolved(resolved.error, resolved.detail);
  if (resolved.addresses.length === 0) {
    return unresolved('no_address', `${host} has no usable IPv${options.family} address`);
  }

  const attempts: AddressAttempt[] = [];
  let result: FetchOnceResult | undefined;
  for (const address of resolved.addresses) {
    result = await fetchOnce(url, address, {
      family: options.family,
      timeoutMs: options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes,
      signal: options.signal,
      userAgent: options.userAgent,
      ...(options.extraCaPem ? { extraCaPem: options.extraCaPem } : {}),
      ...(options.certificateMemo ? { certificateMemo: options.certificateMemo } : {}),
      ...(cookieHeader ? { cookieHeader } : {}),
      ...(options.connections
        ? { connections: options.connections, freshConnection: options.freshConnections ?? false }
        : {}),
    });
    attempts.push(...result.hop.attempts);
    if (result.connected || options.signal.aborted) break;
  }
  // resolved.addresses is not empty, so the loop ran at least once.
  const last = result as FetchOnceResult;
  last.hop.attempts = attempts;
  return last;
}
