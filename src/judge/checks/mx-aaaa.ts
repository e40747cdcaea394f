import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { countedAddresses, lookupFailed } from '../usable-address.ts';
import { count, listSome, outcomeWords } from '../wording.ts';
import { lookupDetails } from './address-lookup-check.ts';
import { mailFacts } from './mail-hosts.ts';

/** SPEC mx_aaaa (with --mail): every MX host has a global AAAA. */
export const checkMxAaaa: CheckFunction = ({ facts, allowPrivate }) => {
  const found = mailFacts(facts);
  if ('result' in found) return found.result;
  const hosts = found.mail.mx.hosts;

  const withoutAaaa: string[] = [];
  const notLookedUp: string[] = [];
  const perHost = hosts.map((host) => {
    const ok = countedAddresses(host.aaaa, allowPrivate).length > 0;
    if (lookupFailed(host.aaaa))
      notLookedUp.push(`${host.exchange} (${outcomeWords(host.aaaa.outcome)})`);
    else if (!ok) {
      const kinds = host.aaaa.addresses.map(({ address, kind }) => `${address} is ${kind}`);
      withoutAaaa.push(
        `${host.exchange} (${kinds.length > 0 ? kinds.join(', ') : 'no AAAA record'})`,
      );
    }
    return {
      exchange: host.exchange,
      preference: host.preference,
      ...lookupDetails(host.aaaa, allowPrivate),
      ok,
    };
  });
  const details = { hosts: perHost };

  if (withoutAaaa.length > 0) {
    return checkResult(
      'fail',
      `mail servers without a global AAAA (${withoutAaaa.length} of ${hosts.length}): ${listSome(withoutAaaa)}`,
      {
        error: perHost.some((host) => host.non_global.length > 0) ? 'non_global' : 'nodata',
        ...details,
      },
    );
  }
  if (notLookedUp.length > 0) {
    return checkResult('error', `the AAAA lookup failed for ${listSome(notLookedUp)}`, {
      error: hosts.find((host) => lookupFailed(host.aaaa))?.aaaa.outcome,
      ...details,
    });
  }
  return checkResult(
    'pass',
    `all ${count(hosts.length, 'mail server')} have a global AAAA`,
    details,
  );
};
