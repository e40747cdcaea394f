import { connect } from 'node:net';
import { Packet } from 'dns2';
import { Deadline } from '../net/deadline.ts';
import { NO_SLOT, socketBudget } from '../net/socket-budget.ts';
import type { ResolverEndpoint } from './dns-types.ts';
import { abortedError, timeoutError } from './exchange-limits.ts';
import type { ExchangeOptions } from './exchange-limits.ts';

/** One TCP exchange (RFC 1035 4.2.2: two-byte length prefix), with the timeout dns2 lacks. */
export async function exchangeOverTcp(
  server: ResolverEndpoint,
  query: Packet,
  options: ExchangeOptions,
): Promise<Packet> {
  const { timeoutMs, signal } = options;
  if (signal?.aborted) throw abortedError(signal);
  // The wait for a free socket counts against the exchange's own timeout.
  const deadline = new Deadline(timeoutMs, signal);
  const slot =
    socketBudget.tryAcquire(deadline.signal) ?? (await socketBudget.acquire(deadline.signal, true));
  if (slot === NO_SLOT) {
    deadline.dispose();
    throw deadline.expired ? timeoutError(timeoutMs) : abortedError(signal as AbortSignal);
  }
  const message = query.toBuffer();
  const frame = Buffer.alloc(2 + message.length);
  frame.writeUInt16BE(message.length, 0);
  message.copy(frame, 2);

  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.address, port: server.port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error: Error | null, answer?: Packet): void => {
      if (settled) return;
      settled = true;
      deadline.dispose();
      socket.destroy();
      slot.release();
      if (error || !answer) reject(error ?? new Error('no answer'));
      else resolve(answer);
    };
    socket.once('connect', () => socket.write(frame));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (received.length < 2 + length) return;
      try {
        const answer = Packet.parse(received.subarray(2, 2 + length));
        if (answer.header.id !== query.header.id) {
          finish(new Error(`answer id ${answer.header.id} does not match ${query.header.id}`));
        } else {
          finish(null, answer);
        }
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    });
    // 'on', not 'once': a reset after the answer must find a listener too.
    socket.on('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('connection closed before a full answer')));
    deadline.onEnd(() =>
      finish(deadline.expired ? timeoutError(timeoutMs) : abortedError(signal as AbortSignal)),
    );
  });
}
