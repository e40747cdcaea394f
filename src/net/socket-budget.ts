import { readOpenFileLimit } from './open-file-limit.ts';

/** Held while one socket of the scanner is open; release() is safe to call more than once. */
export interface SocketSlot {
  release(): void;
}

/** What acquire gives when the signal ended the wait first. */
export const NO_SLOT = null;

/**
 * Open files kept free of sockets: report files, sites.jsonl, stdio, the profile, Node's own
 * handles. An eighth of the limit, at least 64.
 */
export function socketBudgetFor(openFileLimit: number): number {
  const reserve = Math.max(64, Math.floor(openFileLimit / 8));
  return Math.max(8, openFileLimit - reserve);
}

/**
 * A count of sockets the whole process may have open at once, so that no site (however many
 * addresses it has) and no concurrency setting can run the scanner out of file descriptors:
 * opening sites.jsonl or a report never fails with EMFILE. Waiters are served first come, first
 * served; a waiter whose signal fires leaves the queue.
 */
export class SocketBudget {
  private inUse = 0;
  private readonly waiting = new Set<() => void>();
  /** DNS exchanges: served before probes, so a crowd of slow probes cannot time a lookup out. */
  private readonly waitingFirst = new Set<() => void>();
  /** Open sockets nobody uses now (kept-alive connections), oldest first, with how to close them. */
  private readonly idle = new Set<() => void>();

  constructor(readonly limit: number) {}

  get open(): number {
    return this.inUse;
  }

  /** Someone waits for a slot: a socket that falls idle should close rather than keep it. */
  get contended(): boolean {
    return this.waiting.size + this.waitingFirst.size > 0;
  }

  /**
   * Marks an open socket idle: when the budget is spent and a socket is needed now, the oldest
   * idle one is closed by `close` (which releases its slot) instead of the newcomer waiting. An
   * idle socket can never hold up a site. Returns how to take the socket back into use.
   */
  park(close: () => void): () => void {
    this.idle.add(close);
    return () => {
      this.idle.delete(close);
    };
  }

  /** A slot at once if one is free and nobody waits: the socket opens in this very tick. */
  tryAcquire(signal?: AbortSignal): SocketSlot | null {
    const queued = this.waiting.size + this.waitingFirst.size;
    if (signal?.aborted || this.inUse >= this.limit || queued > 0) return null;
    return this.take();
  }

  /**
   * A slot, or NO_SLOT if the signal fired before one was free. `first`: served before every
   * waiter without it (DNS, whose answer everything else waits on).
   */
  acquire(signal?: AbortSignal, first = false): Promise<SocketSlot | typeof NO_SLOT> {
    const free = this.tryAcquire(signal);
    if (free) return Promise.resolve(free);
    if (signal?.aborted) return Promise.resolve(NO_SLOT);
    if (this.inUse >= this.limit) {
      const oldestIdle = this.idle.values().next();
      if (!oldestIdle.done) {
        this.idle.delete(oldestIdle.value);
        // Its slot goes to whoever waited first, else to this caller.
        oldestIdle.value();
        const freed = this.tryAcquire(signal);
        if (freed) return Promise.resolve(freed);
      }
    }
    const queue = first ? this.waitingFirst : this.waiting;
    return new Promise((resolve) => {
      const onAbort = (): void => {
        queue.delete(grant);
        resolve(NO_SLOT);
      };
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.take());
      };
      queue.add(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private take(): SocketSlot {
    this.inUse++;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.inUse--;
        this.grantNext();
      },
    };
  }

  private grantNext(): void {
    if (this.inUse >= this.limit) return;
    const queue = this.waitingFirst.size > 0 ? this.waitingFirst : this.waiting;
    const next = queue.values().next();
    if (next.done) return;
    queue.delete(next.value);
    next.value();
  }
}

/** The soft RLIMIT_NOFILE as read when the process started scanning. */
export const openFileLimit = readOpenFileLimit();

/** The process's one budget, sized from the open-file limit read at start. */
export const socketBudget = new SocketBudget(socketBudgetFor(openFileLimit));
