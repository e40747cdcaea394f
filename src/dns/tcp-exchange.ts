import { connect } from 'node:net';
import type { ResolverEndpoint } from './dns-types.ts';
import { decodeMessage } from './dns-wire.ts';
import type { DnsMessage, DnsQuery } from './dns-wire.ts';
import { exchangeDeadline, exchangeEndError, waitForExchangeSlot } from './exchange-limits.ts';
import { socketBudget } from '../net/socket-budget.ts';
import type { ExchangeOptions } from './exchange-limits.ts';
import { isResponseTo } from './query-message.ts';

function describeMismatch(message: DnsMessage, query: DnsQuery): string {
  if (!message.qr) return 'a query, not a response';
  const { name, type } = message.questions[0] ?? query.question;
  const asked = query.question;
  return `id ${message.id} "${name}" type ${type}, asked id ${query.id} "${asked.name}" type ${asked.type}`;
}

/**
 * One TCP exchange (RFC 1035 4.2.2: two-byte length prefix), with a timeout. The connection
 * carries this query alone, so a malformed answer or one to another query is an error.
 */
export async function exchangeOverTcp(
  server: ResolverEndpoint,
  query: DnsQuery,
  options: ExchangeOptions,
): Promise<DnsMessage> {
  const deadline = exchangeDeadline(options);
  const slot = socketBudget.tryAcquire() ?? (await waitForExchangeSlot(deadline, options));
  const frame = Buffer.alloc(2 + query.bytes.length);
  frame.writeUInt16BE(query.bytes.length, 0);
  query.bytes.copy(frame, 2);

  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.address, port: server.port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error: Error | null, answer?: DnsMessage): void => {
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
      const decoded = decodeMessage(received.subarray(2, 2 + length));
      if (!decoded.ok) {
        finish(new Error(`malformed DNS message: ${decoded.malformed}`));
      } else if (!isResponseTo(decoded.message, query)) {
        finish(new Error(`answer does not match: ${describeMismatch(decoded.message, query)}`));
      } else {
        finish(null, decoded.message);
      }
    });
    // 'on', not 'once': a reset after the answer must find a listener too.
    socket.on('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('connection closed before a full answer')));
    deadline.onEnd(() => finish(exchangeEndError(deadline, options)));
  });
}
