import net from 'node:net';
import type { Family } from '../dns/dns-types.ts';
import { Deadline } from '../net/deadline.ts';
import { classifyNetworkError } from '../net/failure-code.ts';
import type { FailureCode } from '../net/failure-code.ts';
import { NO_SLOT, socketBudget } from '../net/socket-budget.ts';
import type { TcpProbeResult } from './probe-types.ts';

export interface TcpProbeOptions {
  timeoutMs: number;
  /** The site deadline: an abort ends the attempt at once with 'deadline'. */
  signal: AbortSignal;
}

/** Opens one TCP connection to address:port and closes it: does the port accept? */
export async function probeTcp(
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

  const slot =
    socketBudget.tryAcquire(options.signal) ?? (await socketBudget.acquire(options.signal));
  if (slot === NO_SLOT) return failed('deadline');

  return new Promise((resolve) => {
    const deadline = new Deadline(options.timeoutMs, options.signal);
    const socket = net.connect({ host: address, port, family });
    let settled = false;
    const finish = (result: TcpProbeResult): void => {
      if (settled) return;
      settled = true;
      deadline.dispose();
      socket.destroy();
      slot.release();
      resolve(result);
    };
    socket.on('error', (error) => finish(failed(classifyNetworkError(error))));
    socket.once('connect', () =>
      finish({ address, family, port, outcome: { ok: true, connectMs: elapsedMs() } }),
    );
    deadline.onEnd(() => finish(failed(deadline.expired ? 'timeout' : 'deadline')));
  });
}
