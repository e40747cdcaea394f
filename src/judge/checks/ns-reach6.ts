import type { CheckFunction } from '../judge-options.ts';
import { countedAddresses } from '../usable-address.ts';
import { phrase } from '../../i18n/phrases.ts';
import { everyProbeAnswered } from './every-probe-answered.ts';
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
  return everyProbeAnswered({
    facts,
    probes: probes.map((probe) => ({ ...probe, host: probe.name_server })),
    details: { zone, addresses: probes },
    group: 'name_servers',
    noAddressSummary: phrase('hosts_no_ipv6', { group: 'name_servers', zone }),
    unmeasuredWhat: 'name_server_queries',
    passSummary: phrase('probes_all_answered', {
      group: 'name_servers',
      zone,
      count: probes.length,
    }),
  });
};
