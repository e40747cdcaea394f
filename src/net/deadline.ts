import { setMaxListeners } from 'node:events';

/**
 * A timeout that an outside signal can also end: the one scaffold for the site deadline, every
 * probe step and every DNS exchange. The timer and the controller are held by their owner (never
 * `AbortSignal.timeout` inside `AbortSignal.any`, which Node 20 holds weakly, so garbage
 * collection can drop the deadline). `dispose()` clears the timer and unlinks the parent.
 *
 * The AbortSignal is made on first use of `signal`: most steps only need `onEnd` and `expired`,
 * and an AbortController (with its listener bookkeeping) is a measurable share of a request's
 * cost when a scan makes twenty steps a site.
 */
export class Deadline {
  private controller: AbortController | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly parent: AbortSignal | undefined;
  private readonly onParentAbort = (): void => this.abort(this.parent?.reason);
  private endListeners: (() => void)[] | undefined;
  private ended = false;
  private endReason: unknown;
  private timerFired = false;
  private disposed = false;
  /** The timer has run out; the end waits for one look at the I/O that is already waiting. */
  private endPending = false;

  constructor(
    readonly timeoutMs: number,
    parent?: AbortSignal,
  ) {
    this.timer = setTimeout(() => this.timerRanOut(), timeoutMs);
    this.parent = parent;
    if (parent?.aborted) {
      this.abort(parent.reason);
    } else if (parent) {
      // Each Deadline takes its listener off again on dispose; a parent shared by many sites or
      // probes (the run's interrupt, a site's deadline) would otherwise warn at eleven.
      setMaxListeners(0, parent);
      parent.addEventListener('abort', this.onParentAbort, { once: true });
    }
  }

  /** Aborted when the deadline ends, with the parent's reason or a TimeoutError. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      // Every listener on it is removed when its work settles, so the count is what is in flight.
      setMaxListeners(0, this.controller.signal);
      if (this.ended) this.controller.abort(this.endReason);
    }
    return this.controller.signal;
  }

  /** The deadline has ended: its own timer ran out or the parent ended. */
  get done(): boolean {
    return this.ended;
  }

  /** Why it ended: the parent's reason, or a TimeoutError; undefined while it runs. */
  get reason(): unknown {
    return this.endReason;
  }

  /** The own timer ran out (as opposed to the parent ending, or no end at all). */
  get expired(): boolean {
    return this.timerFired;
  }

  /** Runs `listener` once when the deadline ends, at once if it already has. */
  onEnd(listener: () => void): void {
    if (this.ended) listener();
    else (this.endListeners ??= []).push(listener);
  }

  /** Re-arms the timer for another `timeoutMs` from now: a step that made progress. */
  refresh(): void {
    if (this.ended || this.disposed) return;
    this.endPending = false;
    this.timer.refresh();
  }

  /** Work done: nothing fires any more, and the parent forgets this deadline. */
  dispose(): void {
    this.disposed = true;
    this.endListeners = undefined;
    clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }

  /**
   * After a stall of the scanner's own event loop, Node runs expired timers before the I/O that
   * arrived during the stall: an answer already waiting would be called a timeout. So the end
   * waits for one poll phase (setImmediate runs after it); progress or completion seen there
   * (refresh, dispose) keeps the work alive. A timer that really ran out costs one loop turn.
   */
  private timerRanOut(): void {
    this.endPending = true;
    setImmediate(() => {
      if (!this.endPending || this.disposed || this.ended) return;
      this.timerFired = true;
      this.abort(timeoutReason(this.timeoutMs));
    });
  }

  private abort(reason: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = reason;
    clearTimeout(this.timer);
    this.parent?.removeEventListener('abort', this.onParentAbort);
    this.controller?.abort(reason);
    const listeners = this.endListeners;
    this.endListeners = undefined;
    for (const listener of listeners ?? []) listener();
  }
}

function timeoutReason(timeoutMs: number): Error {
  return new DOMException(`no result within ${timeoutMs} ms`, 'TimeoutError');
}

/** What settleOrAbort gives when the signal fired first. */
export const ABORTED: unique symbol = Symbol('aborted');

/**
 * Resolves with the work's value, or with ABORTED as soon as the signal fires: for work that has
 * timeouts of its own (DNS, a fetch) when the site deadline must win at once.
 */
export function settleOrAbort<T>(
  work: Promise<T>,
  signal: AbortSignal,
): Promise<T | typeof ABORTED> {
  // The work may still reject after we stop listening; that rejection has no one left to tell.
  work.catch(() => undefined);
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
