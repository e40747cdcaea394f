import type net from 'node:net';
import type { Readable } from 'node:stream';
import { Client } from 'undici';
import type { Family } from '../dns/dns-types.ts';
import { Deadline } from '../net/deadline.ts';
import { classifyNetworkError, describeError } from '../net/failure-code.ts';
import type { FailureCode } from '../net/failure-code.ts';
import { NO_SLOT, socketBudget } from '../net/socket-budget.ts';
import { pinnedConnector, sharedSecureContext, TlsInvalidError } from './pinned-connector.ts';
import type { CertificateMemo, HttpHop, HttpTimings, TlsCertificateFacts } from './probe-types.ts';
import { BodyDecodingError, readCappedBody } from './read-capped-body.ts';

/** SPEC "Safety": response headers are capped at 64 KiB. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** Statuses whose Location is followed (300 and 304 are answers, not redirects). */
const FOLLOWED_REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function isFollowedRedirect(status: number): boolean {
  return FOLLOWED_REDIRECTS.has(status);
}

export interface FetchOnceOptions {
  family: Family;
  /** Bounds each step: connect, TLS handshake, response headers, and each idle gap in the body. */
  timeoutMs: number;
  /** Decoded bytes kept; the rest is not read. */
  maxBodyBytes: number;
  /** The site deadline: an abort ends the request at once with 'deadline'. */
  signal: AbortSignal;
  userAgent: string;
  extraCaPem?: string[];
  certificateMemo?: CertificateMemo;
  cookieHeader?: string;
}

export interface FetchOnceResult {
  /** One hop, one address: `attempts` holds this address only. */
  hop: HttpHop;
  /** Decoded body (empty for a followed redirect, whose body is not read). */
  body: Buffer;
  /** TCP connected: a failure after this is the server's doing, not an unreachable address. */
  connected: boolean;
  setCookies: string[];
}

const ACCEPT_HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

/**
 * One GET of one URL through one address, on a fresh connection of its own (never shared with
 * another address or call). Records timings and, for https, the certificate; an invalid
 * certificate fails the hop with 'tls_invalid' before the request is sent.
 */
export async function fetchOnce(
  url: URL,
  address: string,
  options: FetchOnceOptions,
): Promise<FetchOnceResult> {
  const startedAt = performance.now();
  const since = (): number => Math.round(performance.now() - startedAt);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const timings: HttpTimings = { totalMs: 0 };
  let tls: TlsCertificateFacts | undefined;
  let connected = false;
  let status: number | undefined;
  // Time to headers starts when the request is written (undici says so), or else when the
  // connection was handed over: never before the connect, so it is one round trip plus the
  // server's time, whatever the TCP and TLS setup cost.
  let requestSentAt: number | undefined;
  let socket: net.Socket | undefined;
  let responseBody: Readable | undefined;

  const hop = (outcome: HttpHop['outcome']): HttpHop => ({
    url: url.href,
    family: options.family,
    address,
    attempts: [
      outcome.ok ? { address } : { address, error: outcome.error, detail: outcome.detail },
    ],
    ...(tls ? { tls } : {}),
    outcome,
  });
  const failed = (error: FailureCode, detail: string): FetchOnceResult => {
    timings.totalMs = since();
    return {
      hop: hop({ ok: false, error, detail, timings, ...(status ? { status } : {}) }),
      body: Buffer.alloc(0),
      connected,
      setCookies: [],
    };
  };

  const slot =
    socketBudget.tryAcquire(options.signal) ?? (await socketBudget.acquire(options.signal));
  if (slot === NO_SLOT) return failed('deadline', 'site deadline reached before the request');
  // Built once a run (parsing every root certificate), and never charged to a step's timeout.
  const secureContext =
    url.protocol === 'https:' ? sharedSecureContext(options.extraCaPem) : undefined;

  // One timer for every step, re-armed at each sign of progress; undici's own timeouts stay as a
  // backstop (they tick at half-second resolution).
  const step = new Deadline(options.timeoutMs, options.signal);
  step.onEnd(() => {
    const reason: unknown = step.signal.reason;
    responseBody?.destroy(reason instanceof Error ? reason : undefined);
    socket?.destroy();
  });

  const client = new Client(url.origin, {
    connect: pinnedConnector({
      address,
      hostname,
      port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
      ...(secureContext ? { secureContext } : {}),
      ...(options.certificateMemo ? { certificateMemo: options.certificateMemo } : {}),
      onSocket: (created) => {
        socket = created;
      },
      onTcpConnect: (connectMs) => {
        connected = true;
        timings.connectMs = connectMs;
        requestSentAt = performance.now();
        step.refresh();
      },
      onTlsHandshake: (facts, handshakeMs) => {
        tls = facts;
        timings.tlsMs = handshakeMs;
        requestSentAt = performance.now();
        step.refresh();
      },
      onRequestSent: () => {
        requestSentAt = performance.now();
      },
    }),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    maxHeaderSize: MAX_HEADER_BYTES,
    pipelining: 1,
  });

  try {
    const headers: Record<string, string> = {
      'user-agent': options.userAgent,
      accept: ACCEPT_HTML,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (options.cookieHeader) headers.cookie = options.cookieHeader;
    const response = await client.request({
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      signal: step.signal,
    });
    responseBody = response.body;
    // Errors still reach whoever reads the body; this only keeps a body nobody reads any more
    // (a redirect's, or the rest past the cap) from throwing when it is cut.
    response.body.on('error', () => {});
    status = response.statusCode;
    timings.ttfbMs = performance.now() - (requestSentAt ?? startedAt);
    step.refresh();

    const location = resolveLocation(firstHeader(response.headers.location), url);
    const contentType = firstHeader(response.headers['content-type']);
    const setCookie = response.headers['set-cookie'];
    const setCookies = setCookie === undefined ? [] : [setCookie].flat();

    let body: Buffer = Buffer.alloc(0);
    let truncated = false;
    if (isFollowedRedirect(status) && location !== undefined) {
      // Only the final hop's body is kept, so a redirect's is not even read.
      response.body.destroy();
    } else {
      ({ body, truncated } = await readCappedBody(
        response.body,
        // Repeated Content-Encoding lines are one list (RFC 9110 5.3), so each counts.
        [response.headers['content-encoding'] ?? []].flat().join(', ') || undefined,
        options.maxBodyBytes,
        () => step.refresh(),
      ));
    }
    timings.totalMs = since();
    return {
      hop: hop({
        ok: true,
        status,
        ...(location !== undefined ? { location } : {}),
        ...(contentType !== undefined ? { contentType } : {}),
        bodyBytes: body.length,
        truncated,
        timings,
      }),
      body,
      connected,
      setCookies,
    };
  } catch (error) {
    if (step.expired) return failed('timeout', `no progress within ${options.timeoutMs} ms`);
    if (options.signal.aborted) return failed('deadline', 'site deadline reached');
    if (error instanceof TlsInvalidError) return failed('tls_invalid', error.reason);
    if (error instanceof BodyDecodingError) return failed('http_protocol', error.message);
    // undici's parser errors do not always carry an HPE_ code (an invalid status line has none).
    if ((error as Error).name === 'HTTPParserError') {
      return failed('http_protocol', describeError(error));
    }
    return failed(classifyNetworkError(error), describeError(error));
  } finally {
    step.dispose();
    socket?.destroy();
    slot.release();
    // Not awaited: with its socket gone the client has nothing left to wait for.
    client.destroy().catch(() => {});
  }
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Location resolved against the hop URL; kept raw when it does not parse, for the evidence. */
function resolveLocation(location: string | undefined, base: URL): string | undefined {
  if (location === undefined) return undefined;
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}
