/**
 * The closed vocabulary of failures. Every network or lookup failure in a report is one of these
 * words; the raw message, where kept, goes to a separate `detail` field for the curious.
 */
export const FAILURE_CODES = [
  'timeout',
  'refused',
  'unreachable',
  'no_route',
  'local_error',
  'reset',
  'tls_invalid',
  'tls_error',
  'http_status',
  'http_protocol',
  'too_large',
  'too_many_redirects',
  'redirect_loop',
  'bad_redirect',
  'nxdomain',
  'nodata',
  'servfail',
  'dns_refused',
  'dns_error',
  'cname_loop',
  'resolver_unreachable',
  'non_global',
  'no_address',
  'smtp_banner',
  'deadline',
  'invalid_target',
  'error',
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];

/* Plain words for each code are in the terms of each language (src/i18n/en.ts, zh.ts). */

const ERRNO_TO_FAILURE: Record<string, FailureCode> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ETIMEDOUT: 'timeout',
  ENETUNREACH: 'no_route',
  EHOSTUNREACH: 'no_route',
  EADDRNOTAVAIL: 'local_error',
  EAFNOSUPPORT: 'local_error',
  EACCES: 'local_error',
  EPERM: 'local_error',
  ENETDOWN: 'local_error',
  EHOSTDOWN: 'unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_HEADERS_OVERFLOW: 'too_large',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'too_large',
  HPE_HEADER_OVERFLOW: 'too_large',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls_invalid',
  CERT_HAS_EXPIRED: 'tls_invalid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls_invalid',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls_invalid',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls_invalid',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls_invalid',
  CERT_NOT_YET_VALID: 'tls_invalid',
  ERR_SSL_WRONG_VERSION_NUMBER: 'tls_error',
  EPROTO: 'tls_error',
  ABORT_ERR: 'timeout',
  UND_ERR_ABORTED: 'timeout',
};

/**
 * Failures the scanning host itself gives before a packet is answered: the kernel has no route,
 * no source address of that family, or a local firewall or `prohibit` route refuses. A scan whose
 * IPv6 failures are all of this kind says more about the vantage than about the sites.
 */
export const LOCAL_FAILURES: ReadonlySet<FailureCode> = new Set<FailureCode>([
  'no_route',
  'local_error',
]);

export function isLocalFailure(code: FailureCode): boolean {
  return LOCAL_FAILURES.has(code);
}

/** Maps a thrown error (errno, undici code, TLS code, parser code) to a failure word. */
export function classifyNetworkError(error: unknown): FailureCode {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (code in ERRNO_TO_FAILURE) return ERRNO_TO_FAILURE[code] as FailureCode;
      if (code.startsWith('HPE_')) return 'http_protocol';
      if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return 'tls_error';
    }
    const name = (current as { name?: unknown }).name;
    if (name === 'AbortError' || name === 'TimeoutError') return 'timeout';
    // undici's parser error for an invalid status line carries no HPE_ code.
    if (name === 'HTTPParserError') return 'http_protocol';
    current = (current as { cause?: unknown }).cause;
  }
  return 'error';
}

/** A short, single-line description of an error for `detail` fields. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = error.message.split('\n')[0] ?? '';
    return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
  }
  return String(error);
}
