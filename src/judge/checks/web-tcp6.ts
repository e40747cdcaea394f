import type { TcpProbeResult } from '../../probe/probe-types.ts';
import type { FailureCode } from '../../net/failure-code.ts';
import { phrase, type PortOutcome } from '../../i18n/phrases.ts';
import { renderPhrase } from '../../i18n/render.ts';
import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { countedAddresses, lookupFailed } from '../usable-address.ts';
import { unmeasured } from './unmeasured.ts';

/**
 * SPEC web_tcp6: every global AAAA accepts TCP on every web port that accepts on IPv4. With no
 * A record, or no web port open on IPv4 (the IPv4 side is down), one open web port over IPv6 is
 * enough: there is no IPv4 baseline to match.
 */
export const checkWebTcp6: CheckFunction = ({ facts, allowPrivate, ipv6OnlyVantage }) => {
  const v6Addresses = countedAddresses(facts.dns.aaaa, allowPrivate).map(({ address }) => address);
  if (v6Addresses.length === 0) {
    if (lookupFailed(facts.dns.aaaa)) {
      return checkResult(
        'error',
        phrase('tcp6_lookup_failed', { outcome: facts.dns.aaaa.outcome }),
        {
          error: facts.dns.aaaa.outcome,
        },
      );
    }
    return checkResult('fail', phrase('tcp6_no_address', {}), { error: 'no_address' });
  }

  const v4Addresses = new Set(
    countedAddresses(facts.dns.a, allowPrivate).map(({ address }) => address),
  );
  const v4OpenPorts = facts.webPorts.filter((port) =>
    facts.tcp.some(
      (probe) =>
        probe.family === 4 &&
        probe.port === port &&
        probe.outcome.ok &&
        v4Addresses.has(probe.address),
    ),
  );
  // From a host without IPv4 there is no IPv4 side to match (SPEC "Vantage").
  const matchIpv4 = !ipv6OnlyVantage && v4OpenPorts.length > 0;
  const requiredPorts = matchIpv4 ? v4OpenPorts : facts.webPorts;

  const pairs = v6Addresses.flatMap((address) =>
    requiredPorts.map((port) => portOutcome(address, port, findProbe(facts.tcp, address, port))),
  );
  const details = {
    rule: matchIpv4 ? 'every_ipv4_open_port' : 'any_web_port',
    ...(ipv6OnlyVantage ? { ipv4_side: renderPhrase(phrase('ipv6_only_vantage', {})) } : {}),
    web_ports: facts.webPorts,
    ipv4_open_ports: v4OpenPorts,
    addresses: v6Addresses.map((address) => ({
      address,
      ports: pairs
        .filter((pair) => pair.address === address)
        .map(({ address: _address, ...port }) => port),
    })),
  };
  const failed = pairs.filter((pair) => pair.ok === false);
  const accepted = pairs.filter((pair) => pair.ok === true);
  const firstError = failed.find((pair) => pair.error)?.error;

  if (!matchIpv4) {
    if (accepted.length > 0) {
      return checkResult(
        'pass',
        phrase('tcp6_any_port_ok', {
          ports: portList(accepted),
          ipv6_only_vantage: ipv6OnlyVantage,
        }),
        details,
      );
    }
    if (failed.length > 0) {
      return checkResult('fail', phrase('tcp6_no_port', { pairs: portOutcomes(failed) }), {
        error: firstError,
        ...details,
      });
    }
    return unmeasured(facts, 'tcp6_any_port', details);
  }
  if (failed.length > 0) {
    return checkResult(
      'fail',
      phrase('tcp6_port_refused', { pairs: portOutcomes(failed), total: pairs.length }),
      { error: firstError, ...details },
    );
  }
  if (accepted.length < pairs.length) return unmeasured(facts, 'tcp6_every_port', details);
  return checkResult(
    'pass',
    phrase('tcp6_all_ok', { count: v6Addresses.length, ports: v4OpenPorts }),
    details,
  );
};

interface PairOutcome {
  address: string;
  port: number;
  ok: boolean | null;
  connect_ms?: number;
  error?: FailureCode;
  elapsed_ms?: number;
}

function findProbe(
  probes: TcpProbeResult[],
  address: string,
  port: number,
): TcpProbeResult | undefined {
  return probes.find(
    (probe) => probe.family === 6 && probe.address === address && probe.port === port,
  );
}

function portOutcome(
  address: string,
  port: number,
  probe: TcpProbeResult | undefined,
): PairOutcome {
  if (!probe) return { address, port, ok: null };
  const outcome = probe.outcome;
  return outcome.ok
    ? { address, port, ok: true, connect_ms: outcome.connectMs }
    : { address, port, ok: false, error: outcome.error, elapsed_ms: outcome.elapsedMs };
}

function portOutcomes(pairs: PairOutcome[]): PortOutcome[] {
  return pairs.map(({ address, port, error }) => ({ address, port, error: error ?? null }));
}

function portList(pairs: PairOutcome[]): number[] {
  return [...new Set(pairs.map((pair) => pair.port))];
}
