import { createSocket } from 'node:dgram';
import type { RemoteInfo } from 'node:dgram';
import { isIP } from 'node:net';
import { Packet } from 'dns2';
import type { ResolverEndpoint } from './dns-types.ts';
import { abortedError, timeoutError } from './exchange-limits.ts';
import type { ExchangeOptions } from './exchange-limits.ts';
import { isResponseTo } from './query-message.ts';
import { canonicalIPv6 } from './resolver-endpoint.ts';

/** How the kernel writes a sender (inet_ntop), so any spelling of the server compares equal. */
function canonicalAddress(address: string): string {
  return isIP(address) === 6 ? canonicalIPv6(address) : address;
}

function parseOrNull(datagram: Buffer): Packet | null {
  try {
    return Packet.parse(datagram);
  } catch {
    return null;
  }
}

/**
 * Sends one query over UDP on a socket of its own, connected to the server, and waits for its
 * response. Datagrams from
 * another address or port, with another id or for another question are ignored (RFC 5452 9.1)
 * and the wait goes on until the timeout. The socket is closed however the exchange ends.
 */
export function exchangeOverUdp(
  server: ResolverEndpoint,
  query: Packet,
  options: ExchangeOptions,
): Promise<Packet> {
  const { timeoutMs, signal } = options;
  const family = isIP(server.address);
  // Never a host name: sending to one would make node:dgram look it up.
  if (family === 0) return Promise.reject(new Error(`"${server.address}" is not an IP address`));
  if (signal?.aborted) return Promise.reject(abortedError(signal));
  const serverAddress = canonicalAddress(server.address);
  const message = query.toBuffer();
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, response?: Packet): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (response) resolve(response);
      else reject(error ?? new Error('no answer'));
    };
    const onAbort = (): void => finish(abortedError(signal as AbortSignal));
    const timer = setTimeout(() => finish(timeoutError(timeoutMs)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    socket.on('message', (datagram: Buffer, sender: RemoteInfo) => {
      if (sender.port !== server.port || canonicalAddress(sender.address) !== serverAddress) return;
      const response = parseOrNull(datagram);
      if (response && isResponseTo(response, query)) finish(null, response);
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
        socket.send(message, (error) => {
          if (error) finish(error);
        });
      });
    } catch (error) {
      // A bad port throws at once instead of calling back.
      finish(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
