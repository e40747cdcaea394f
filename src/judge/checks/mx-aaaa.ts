import type { CheckFunction } from '../judge-options.ts';
import { count } from '../wording.ts';
import { everyHostHasAaaa } from './every-host-aaaa.ts';
import { mailFacts } from './mail-hosts.ts';

/** SPEC mx_aaaa (with --mail): every MX host has a global AAAA. */
export const checkMxAaaa: CheckFunction = ({ facts, allowPrivate }) => {
  const found = mailFacts(facts);
  if ('result' in found) return found.result;
  const hosts = found.mail.mx.hosts;
  return everyHostHasAaaa({
    hosts: hosts.map((host) => ({
      name: host.exchange,
      aaaa: host.aaaa,
      extra: { exchange: host.exchange, preference: host.preference },
    })),
    allowPrivate,
    group: 'mail servers',
    passSummary: `all ${count(hosts.length, 'mail server')} have a global AAAA`,
    listKey: 'hosts',
  });
};
