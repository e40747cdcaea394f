import net from 'node:net';
import type { Family } from '../dns/dns-types.ts';
import { classifyNetworkError } from '../net/failure-code.ts';
import type { FailureCode } from '../net/failure-code.ts';
import type { TcpProbeResult } from './probe-types.ts';

export interface TcpProbeOptions {
  timeoutMs: number;
  /** The site deadline: an abort ends the attempt at once with 'deadline'. */
  signal: AbortSignal;
}

/** Opens one TCP connection to address:port and closes it: does the port accept? */
export function probeTcp(
  address: string,
  port: number,
  options: TcpProbeOptions,
): Promise<TcpProbeResult> {
  const family: Family = net.isIPv6(address) ? 6 : 4;
  const startedAt = performance.now();
  const elapsedMs = (): number => Math.round(performance.now() - startedAt);
  const failed = (error: FailureCode): TcpProbeResult => ({
    address,
    family,
    port,
    outcome: { ok: false, error, elapsedMs: elapsedMs() },
  });

  if (options.signal.aborted) return Promise.resolve(failed('deadline'));

  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, family });
    let settled = false;
    const finish = (result: TcpProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => finish(failed('deadline'));
    const timer = setTimeout(() => finish(failed('timeout')), options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () =>
      finish({ address, family, port, outcome: { ok: true, connectMs: elapsedMs() } }),
    );
    socket.on('error', (error) => finish(failed(classifyNetworkError(error))));
  });
}
