import type { CheckFunction } from '../judge-options.ts';
import { phrase } from '../../i18n/phrases.ts';
import { everyHostHasAaaa } from './every-host-aaaa.ts';
import { zoneNameServers } from './zone-name-servers.ts';

/** SPEC ns_aaaa: every authoritative name server of the zone has a global AAAA. */
export const checkNsAaaa: CheckFunction = ({ facts, allowPrivate }) => {
  const found = zoneNameServers(facts);
  if ('result' in found) return found.result;
  const { zone, nameServers } = found;
  return everyHostHasAaaa({
    hosts: nameServers.map((server) => ({ name: server.name, aaaa: server.aaaa })),
    allowPrivate,
    group: 'name_servers',
    zone,
    passSummary: phrase('hosts_all_aaaa', {
      group: 'name_servers',
      zone,
      count: nameServers.length,
    }),
    listKey: 'name_servers',
    details: { zone },
  });
};
