import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { countedAddresses, lookupFailed } from '../usable-address.ts';
import { count, listSome, outcomeWords } from '../wording.ts';
import { lookupDetails } from './address-lookup-check.ts';
import { zoneNameServers } from './zone-name-servers.ts';

/** SPEC ns_aaaa: every authoritative name server of the zone has a global AAAA. */
export const checkNsAaaa: CheckFunction = ({ facts, allowPrivate }) => {
  const found = zoneNameServers(facts);
  if ('result' in found) return found.result;
  const { zone, nameServers } = found;

  const withoutAaaa: string[] = [];
  const notLookedUp: string[] = [];
  const perServer = nameServers.map((server) => {
    const counted = countedAddresses(server.aaaa, allowPrivate).length > 0;
    if (lookupFailed(server.aaaa))
      notLookedUp.push(`${server.name} (${outcomeWords(server.aaaa.outcome)})`);
    else if (!counted)
      withoutAaaa.push(`${server.name} (${describeMissing(server.aaaa.addresses)})`);
    return { ...lookupDetails(server.aaaa, allowPrivate), ok: counted };
  });
  const details = { zone, name_servers: perServer };
  const total = nameServers.length;

  if (withoutAaaa.length > 0) {
    return checkResult(
      'fail',
      `name servers of ${zone} without a global AAAA (${withoutAaaa.length} of ${total}): ${listSome(withoutAaaa)}`,
      {
        error: perServer.some((server) => server.non_global.length > 0) ? 'non_global' : 'nodata',
        ...details,
      },
    );
  }
  if (notLookedUp.length > 0) {
    return checkResult('error', `the AAAA lookup failed for ${listSome(notLookedUp)}`, {
      error: nameServers.find((server) => lookupFailed(server.aaaa))?.aaaa.outcome,
      ...details,
    });
  }
  return checkResult(
    'pass',
    `all ${count(total, 'name server')} of ${zone} have a global AAAA`,
    details,
  );
};

function describeMissing(addresses: { address: string; kind: string }[]): string {
  if (addresses.length === 0) return 'no AAAA record';
  return addresses.map(({ address, kind }) => `${address} is ${kind}`).join(', ');
}
