import type net from 'node:net';
import type { Readable } from 'node:stream';
import type { Family } from '../dns/dns-types.ts';
import { Deadline } from '../net/deadline.ts';
import { classifyNetworkError, describeError } from '../net/failure-code.ts';
import type { FailureCode } from '../net/failure-code.ts';
import { PinnedConnection, type SiteConnections } from './pinned-connection.ts';
import { TlsInvalidError } from './pinned-connector.ts';
import type { CertificateMemo, HttpHop, HttpTimings, TlsCertificateFacts } from './probe-types.ts';
import { BodyDecodingError, readCappedBody } from './read-capped-body.ts';

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
  /**
   * The site's kept-alive connections: the request takes an idle one to the URL's origin through
   * `address` (or opens one) and gives it back when done. Without them it has a fresh connection
   * of its own, closed at its end.
   */
  connections?: SiteConnections;
  /** With `connections`: open a new connection rather than take an idle one (still given back). */
  freshConnection?: boolean;
  /**
   * Read the body only to throw it away, up to this many bytes as sent, so that the connection
   * can carry the next request (a longer body ends the connection instead). Nothing is kept or
   * decoded; `maxBodyBytes` does not apply.
   */
  discardBodyUpTo?: number;
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
 * another address or call), or on one of the site's kept-alive `connections`. Records timings and
 * the certificate (for https); an invalid certificate fails the hop with 'tls_invalid' before the
 * request is sent. A request on a kept-alive connection that the server had closed meanwhile (no
 * response at all) is sent once more on a new connection, as browsers do.
 */
export async function fetchOnce(
  url: URL,
  address: string,
  options: FetchOnceOptions,
): Promise<FetchOnceResult> {
  const pool = options.connections;
  const newConnection = (): PinnedConnection =>
    pool
      ? pool.take(url.origin, address, true)
      : new PinnedConnection(url.origin, address, {
          timeoutMs: options.timeoutMs,
          ...(options.extraCaPem ? { extraCaPem: options.extraCaPem } : {}),
          ...(options.certificateMemo ? { certificateMemo: options.certificateMemo } : {}),
        });
  let connection =
    pool && !options.freshConnection ? pool.take(url.origin, address, false) : newConnection();
  try {
    const first = await fetchOn(connection, url, address, options);
    if (!first.lostKeptAliveSocket) return first.result;
    connection.close();
    connection = newConnection();
    return (await fetchOn(connection, url, address, options)).result;
  } finally {
    if (pool) pool.give(connection);
    else connection.close();
  }
}

interface Attempt {
  result: FetchOnceResult;
  /** The request went out on a socket an earlier request had opened, and got no response. */
  lostKeptAliveSocket: boolean;
}

async function fetchOn(
  connection: PinnedConnection,
  url: URL,
  address: string,
  options: FetchOnceOptions,
): Promise<Attempt> {
  const startedAt = performance.now();
  const since = (): number => Math.round(performance.now() - startedAt);
  const timings: HttpTimings = { totalMs: 0 };
  let tls: TlsCertificateFacts | undefined;
  let connected = false;
  let newSocket = false;
  let status: number | undefined;
  // Time to headers starts when the request is written (undici says so), or else when the
  // connection was handed over: never before the connect, so it is one round trip plus the
  // server's time, whatever the TCP and TLS setup cost.
  let requestSentAt: number | undefined;
  let responseBody: Readable | undefined;
  // Whether the connection may carry another request when this one is done.
  let reusable = false;

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
  const failed = (error: FailureCode, detail: string): Attempt => {
    timings.totalMs = since();
    return {
      result: {
        hop: hop({ ok: false, error, detail, timings, ...(status ? { status } : {}) }),
        body: Buffer.alloc(0),
        connected,
        setCookies: [],
      },
      lostKeptAliveSocket: false,
    };
  };

  const client = await connection.open(options.signal);
  if (!client) return failed('deadline', 'site deadline reached before the request');
  const keptAlive = connection.hasOpenSocket();
  // Its handshake was on an earlier request: the certificate is the one it showed then.
  if (keptAlive) tls = connection.tls;

  // One timer for every step, re-armed at each sign of progress. Its end cuts the connection
  // (and the body being read), which fails the request at whatever stage it is: undici is given
  // no signal of its own, which would cost an AbortController and its listeners per request.
  const step = new Deadline(options.timeoutMs, options.signal);
  step.onEnd(() => {
    const reason: unknown = step.reason;
    responseBody?.destroy(reason instanceof Error ? reason : undefined);
    connection.cut();
  });
  connection.events = {
    onSocket: (_socket: net.Socket) => {
      newSocket = true;
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
  };

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
    });
    // A response on a socket opened before this request: the connection was up.
    connected = true;
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
    if (options.discardBodyUpTo !== undefined) {
      reusable = await discardBody(response.body, options.discardBodyUpTo, () => step.refresh());
    } else if (isFollowedRedirect(status) && location !== undefined) {
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
      reusable = !truncated;
    }
    timings.totalMs = since();
    return {
      result: {
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
      },
      lostKeptAliveSocket: false,
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
    const attempt = failed(classifyNetworkError(error), describeError(error));
    attempt.lostKeptAliveSocket = keptAlive && !newSocket && status === undefined;
    return attempt;
  } finally {
    step.dispose();
    connection.events = null;
    if (!reusable) connection.close();
  }
}

/**
 * Reads a body to its end without keeping it; false (and the body cut) once more than `limit`
 * bytes came, or when it fails: the connection then cannot carry another request. Listens to
 * the stream's events rather than iterating it: an async iterator costs a dozen objects and
 * promises per sample, and this runs for every latency sample.
 */
function discardBody(body: Readable, limit: number, onChunk: () => void): Promise<boolean> {
  if (body.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    let settled = false;
    const settle = (reusable: boolean): void => {
      if (settled) return;
      settled = true;
      body.off('data', onData);
      resolve(reusable);
    };
    const onData = (chunk: Buffer): void => {
      onChunk();
      seen += chunk.length;
      if (seen > limit) {
        settle(false);
        body.destroy();
      }
    };
    body.once('end', () => settle(true));
    // A body cut or failed before its end ('close' without 'end').
    body.once('error', () => settle(false));
    body.once('close', () => settle(false));
    body.on('data', onData);
  });
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
