/** What ends a DNS exchange that gets no answer: its timeout, or the caller giving up. */
export interface ExchangeOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** classifyNetworkError reads ETIMEDOUT as `timeout`. */
export function timeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
}

/** classifyNetworkError reads ABORT_ERR as `timeout`: the caller's deadline passed. */
export function abortedError(signal: AbortSignal): Error {
  return Object.assign(new Error('query aborted'), {
    name: 'AbortError',
    code: 'ABORT_ERR',
    cause: signal.reason,
  });
}
