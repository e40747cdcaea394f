import { createSocket } from 'node:dgram';
import type { RemoteInfo } from 'node:dgram';
import { isIP } from 'node:net';
import type { ResolverEndpoint } from './dns-types.ts';
import { decodeMessage } from './dns-wire.ts';
import type { DnsMessage, DnsQuery } from './dns-wire.ts';
import { exchangeDeadline, exchangeEndError, waitForExchangeSlot } from './exchange-limits.ts';
import { socketBudget } from '../net/socket-budget.ts';
import type { ExchangeOptions } from './exchange-limits.ts';
import { isResponseTo } from './query-message.ts';
import { canonicalIPv6 } from './resolver-endpoint.ts';

/** How the kernel writes a sender (inet_ntop), so any spelling of the server compares equal. */
function canonicalAddress(address: string): string {
  return isIP(address) === 6 ? canonicalIPv6(address) : address;
}

/**
 * Sends one query over UDP on a socket of its own, connected to the server, and waits for its
 * response. Datagrams from
 * another address or port, with another id or for another question are ignored (RFC 5452 9.1),
 * as are malformed ones, and the wait goes on until the timeout. The socket is closed however the exchange ends.
 */
export async function exchangeOverUdp(
  server: ResolverEndpoint,
  query: DnsQuery,
  options: ExchangeOptions,
): Promise<DnsMessage> {
  const family = isIP(server.address);
  // Never a host name: sending to one would make node:dgram look it up.
  if (family === 0) throw new Error(`"${server.address}" is not an IP address`);
  const serverAddress = canonicalAddress(server.address);
  const deadline = exchangeDeadline(options);
  const slot = socketBudget.tryAcquire() ?? (await waitForExchangeSlot(deadline, options));
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, response?: DnsMessage): void => {
      if (settled) return;
      settled = true;
      deadline.dispose();
      socket.close();
      slot.release();
      if (response) resolve(response);
      else reject(error ?? new Error('no answer'));
    };

    socket.on('message', (datagram: Buffer, sender: RemoteInfo) => {
      if (sender.port !== server.port || canonicalAddress(sender.address) !== serverAddress) return;
      const decoded = decodeMessage(datagram);
      if (decoded.ok && isResponseTo(decoded.message, query)) finish(null, decoded.message);
    });
    // Send failures (no route, no such address) and ICMP errors the kernel reports: the socket
    // is connected, so a closed port comes back at once as ECONNREFUSED instead of a timeout.
    socket.on('error', (error) => finish(error));
    try {
      // A connect the kernel refuses (no route, no source address of that family, a prohibit
      // route) comes to this callback, not to 'error'; sending anyway would throw.
      socket.connect(server.port, server.address, (connectError?: Error) => {
        if (settled) return;
        if (connectError) {
          finish(connectError);
          return;
        }
        socket.send(query.bytes, (error) => {
          if (error) finish(error);
        });
      });
    } catch (error) {
      // A bad port throws at once instead of calling back.
      finish(error instanceof Error ? error : new Error(String(error)));
    }
    deadline.onEnd(() => finish(exchangeEndError(deadline, options)));
  });
}
