import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { ResolverEndpoint } from '../dns/dns-types.ts';
import { classifyNetworkError, describeError, type FailureCode } from '../net/failure-code.ts';

export type RouteSource =
  { ok: true; source: string } | { ok: false; error: FailureCode; detail: string };

/**
 * The source address the kernel would use towards `target`, as `ip route get` shows it: a UDP
 * socket is connected (which sends nothing) and asked for its own address. A kernel without a
 * route, or without an address of that family, refuses the connect.
 */
export function routeSource(target: ResolverEndpoint): Promise<RouteSource> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(target.address) ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (result: RouteSource): void => {
      if (settled) return;
      settled = true;
      socket.close();
      resolve(result);
    };
    const failed = (error: unknown): void =>
      finish({ ok: false, error: classifyNetworkError(error), detail: describeError(error) });
    // The implicit bind fails here when the family is switched off altogether.
    socket.on('error', failed);
    try {
      socket.connect(target.port, target.address, (error?: Error) => {
        if (error) {
          failed(error);
          return;
        }
        try {
          finish({ ok: true, source: socket.address().address });
        } catch (addressError) {
          failed(addressError);
        }
      });
    } catch (error) {
      failed(error);
    }
  });
}
