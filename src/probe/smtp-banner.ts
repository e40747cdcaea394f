import net from 'node:net';
import { performance } from 'node:perf_hooks';

import type { SmtpProbeResult } from '../facts/site-facts.ts';
import { Deadline } from '../net/deadline.ts';
import { classifyNetworkError, describeError, type FailureCode } from '../net/failure-code.ts';
import { NO_SLOT, socketBudget, type SocketSlot } from '../net/socket-budget.ts';

export interface SmtpProbeOptions {
  /** Connect plus the whole greeting. */
  timeoutMs: number;
  /** The site deadline. */
  signal: AbortSignal;
  /** 25 unless a test listens elsewhere. */
  port?: number;
}

/** A greeting is a few lines; more than this is not a mail server worth reading further. */
export const MAX_GREETING_BYTES = 4096;

/** How long QUIT may wait for the server to close before the socket is dropped. */
const QUIT_GRACE_MS = 2000;

type Outcome = SmtpProbeResult['outcome'];

type GreetingState =
  | { complete: false }
  | { complete: true; banner: string; firstCode: string; finalCode: string | null };

/**
 * Reads the greeting so far: `220-` lines continue it, the first line without a `-` after the code
 * ends it (RFC 5321 4.2.1). At the byte cap the greeting counts as complete but has no final line.
 */
function readGreeting(received: Buffer): GreetingState {
  const text = received.toString('utf8');
  const lines: string[] = [];
  let finalCode: string | null = null;
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) break;
    const line = text.slice(start, newline).replace(/\r$/, '');
    lines.push(line);
    start = newline + 1;
    if (!/^\d{3}-/.test(line)) {
      finalCode = line.slice(0, 3);
      break;
    }
  }
  const capped = received.length >= MAX_GREETING_BYTES;
  if (finalCode === null && !capped) return { complete: false };
  const banner = finalCode === null ? text.replace(/\r?\n$/, '') : lines.join('\n');
  return { complete: true, banner, firstCode: banner.slice(0, 3), finalCode };
}

/**
 * Connects to one MX address on port 25 and reads its greeting (SPEC `mx_reach6`): ok when the
 * server greets with 220. It then says QUIT and hangs up; it never sends mail, not even HELO.
 */
export async function probeSmtpBanner(
  exchange: string,
  address: string,
  options: SmtpProbeOptions,
): Promise<SmtpProbeResult> {
  const slot =
    socketBudget.tryAcquire(options.signal) ?? (await socketBudget.acquire(options.signal));
  if (slot === NO_SLOT) {
    return {
      exchange,
      address,
      outcome: {
        ok: false,
        error: 'deadline',
        detail: 'site deadline reached before connecting',
        elapsedMs: 0,
      },
    };
  }
  return readBanner(exchange, address, options, slot);
}

function readBanner(
  exchange: string,
  address: string,
  options: SmtpProbeOptions,
  slot: SocketSlot,
): Promise<SmtpProbeResult> {
  const port = options.port ?? 25;
  const { timeoutMs } = options;
  const startedAt = performance.now();
  const elapsedMs = (): number => Math.round(performance.now() - startedAt);
  const result = (outcome: Outcome): SmtpProbeResult => ({ exchange, address, outcome });

  return new Promise<SmtpProbeResult>((resolve) => {
    const deadline = new Deadline(timeoutMs, options.signal);
    const socket = net.connect({ host: address, port });
    socket.once('close', () => slot.release());
    let connected = false;
    let settled = false;
    let received = Buffer.alloc(0);

    const cleanUp = (): void => {
      deadline.dispose();
      socket.removeListener('data', onData);
    };

    const fail = (error: FailureCode, detail: string): void => {
      if (settled) return;
      settled = true;
      cleanUp();
      socket.destroy();
      const partial = received.toString('utf8').replace(/\r?\n$/, '');
      resolve(
        result(
          partial.length > 0
            ? { ok: false, error, detail, banner: partial, elapsedMs: elapsedMs() }
            : { ok: false, error, detail, elapsedMs: elapsedMs() },
        ),
      );
    };

    const finishGreeting = (banner: string, ok: boolean, codes: string): void => {
      settled = true;
      cleanUp();
      const elapsed = elapsedMs();
      // Polite close: QUIT, then let the server hang up; drop the socket if it does not.
      socket.end('QUIT\r\n');
      setTimeout(() => socket.destroy(), Math.min(QUIT_GRACE_MS, timeoutMs)).unref();
      resolve(
        result(
          ok
            ? { ok: true, banner, elapsedMs: elapsed }
            : {
                ok: false,
                error: 'smtp_banner',
                detail: `greeting code ${codes}, not 220`,
                banner,
                elapsedMs: elapsed,
              },
        ),
      );
    };

    const onData = (chunk: Buffer): void => {
      const room = MAX_GREETING_BYTES - received.length;
      received = Buffer.concat([received, chunk.subarray(0, Math.max(0, room))]);
      const greeting = readGreeting(received);
      if (!greeting.complete) return;
      const finalCode = greeting.finalCode ?? greeting.firstCode;
      const ok = greeting.firstCode === '220' && finalCode === '220';
      const codes =
        finalCode === greeting.firstCode ? finalCode : `${greeting.firstCode}/${finalCode}`;
      finishGreeting(greeting.banner, ok, codes);
    };

    socket.setNoDelay(true);
    socket.on('connect', () => {
      connected = true;
    });
    socket.on('data', onData);
    socket.on('error', (error: Error) => fail(classifyNetworkError(error), describeError(error)));
    socket.on('close', () => {
      fail(
        'smtp_banner',
        received.length > 0
          ? 'connection closed during the greeting'
          : 'connection closed before a greeting',
      );
    });
    deadline.onEnd(() => {
      if (!deadline.expired) fail('deadline', 'site deadline reached before the greeting');
      else if (connected) fail('timeout', `no complete greeting within ${timeoutMs} ms`);
      else fail('timeout', `connect timed out after ${timeoutMs} ms`);
    });
  });
}
