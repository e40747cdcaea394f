import type { CheckFunction } from '../judge-options.ts';
import { phrase } from '../../i18n/phrases.ts';
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
    group: 'mail_servers',
    zone: null,
    passSummary: phrase('hosts_all_aaaa', {
      group: 'mail_servers',
      zone: null,
      count: hosts.length,
    }),
    listKey: 'hosts',
  });
};
