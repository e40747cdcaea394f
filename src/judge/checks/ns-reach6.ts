import { FAILURE_WORDS } from '../../net/failure-code.ts';
import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { countedAddresses } from '../usable-address.ts';
import { count, listSome } from '../wording.ts';
import { unmeasured } from './unmeasured.ts';
import { zoneNameServers } from './zone-name-servers.ts';

/**
 * SPEC ns_reach6: every IPv6 address of the zone's name servers answers a query over IPv6.
 * With no IPv6 address on any name server the check fails (nothing answers over IPv6), rather
 * than being skipped: skipping would leave the zone's IPv6 DNS out of the score altogether.
 */
export const checkNsReach6: CheckFunction = ({ facts, allowPrivate }) => {
  const found = zoneNameServers(facts);
  if ('result' in found) return found.result;
  const { zone, nameServers } = found;

  const probes = nameServers.flatMap((server) =>
    countedAddresses(server.aaaa, allowPrivate).map(({ address }) => {
      const probe = server.reach6.find((candidate) => candidate.address === address);
      const outcome = probe?.outcome;
      return {
        name_server: server.name,
        address,
        ok: outcome?.ok ?? null,
        ...(outcome?.ok ? { rcode: outcome.rcode } : {}),
        ...(outcome && !outcome.ok ? { error: outcome.error } : {}),
        ...(outcome ? { elapsed_ms: outcome.elapsedMs } : {}),
      };
    }),
  );
  const details = { zone, addresses: probes };

  if (probes.length === 0) {
    return checkResult('fail', `no name server of ${zone} has an IPv6 address to ask`, {
      error: 'no_address',
      ...details,
    });
  }
  const failed = probes.filter((probe) => probe.ok === false);
  if (failed.length > 0) {
    const list = failed.map((probe) =>
      `${probe.name_server} ${probe.address} ${probe.error ? FAILURE_WORDS[probe.error] : ''}`.trim(),
    );
    return checkResult(
      'fail',
      `name server IPv6 addresses that did not answer (${failed.length} of ${probes.length}): ${listSome(list)}`,
      { error: failed[0]?.error, ...details },
    );
  }
  if (probes.some((probe) => probe.ok === null)) {
    return unmeasured(facts, 'a query to every name server IPv6 address', details);
  }
  return checkResult(
    'pass',
    `all ${count(probes.length, 'IPv6 address', 'IPv6 addresses')} of the name servers of ${zone} answered over IPv6`,
    details,
  );
};
