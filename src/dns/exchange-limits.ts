import { Deadline } from '../net/deadline.ts';
import { NO_SLOT, socketBudget, type SocketSlot } from '../net/socket-budget.ts';

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

/** Why an exchange's deadline ended, as the error the exchange fails with. */
export function exchangeEndError(deadline: Deadline, options: ExchangeOptions): Error {
  return deadline.expired
    ? timeoutError(options.timeoutMs)
    : abortedError(options.signal as AbortSignal);
}

/**
 * The start of every exchange: its deadline, then a socket slot (taken at once when one is free,
 * so the socket opens in the caller's tick):
 *
 *   const deadline = exchangeDeadline(options);
 *   const slot = socketBudget.tryAcquire() ?? (await waitForExchangeSlot(deadline, options));
 *
 * Throws as the exchange would if the caller has given up already.
 */
export function exchangeDeadline(options: ExchangeOptions): Deadline {
  if (options.signal?.aborted) throw abortedError(options.signal);
  return new Deadline(options.timeoutMs, options.signal);
}

/**
 * A slot after a wait that counts against the exchange's own timeout (DNS is served before
 * probes); throws as the exchange would if its deadline ends first. Only a wait makes the
 * deadline's signal.
 */
export async function waitForExchangeSlot(
  deadline: Deadline,
  options: ExchangeOptions,
): Promise<SocketSlot> {
  const slot = await socketBudget.acquire(deadline.signal, true);
  if (slot === NO_SLOT) {
    deadline.dispose();
    throw exchangeEndError(deadline, options);
  }
  return slot;
}
