import { FAILURE_WORDS } from '../../net/failure-code.ts';
import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { countedAddresses } from '../usable-address.ts';
import { count, listSome } from '../wording.ts';
import { mailFacts } from './mail-hosts.ts';
import { unmeasured } from './unmeasured.ts';

/**
 * SPEC mx_reach6 (with --mail): every MX IPv6 address answers on port 25 with a 220 banner. With
 * no IPv6 address on any MX host it fails, as ns_reach6 does: no mail arrives over IPv6.
 */
export const checkMxReach6: CheckFunction = ({ facts, allowPrivate }) => {
  const found = mailFacts(facts);
  if ('result' in found) return found.result;
  const { mx, smtp } = found.mail;

  const probes = mx.hosts.flatMap((host) =>
    countedAddresses(host.aaaa, allowPrivate).map(({ address }) => {
      const probe =
        smtp.find(
          (candidate) => candidate.address === address && candidate.exchange === host.exchange,
        ) ?? smtp.find((candidate) => candidate.address === address);
      const outcome = probe?.outcome;
      return {
        exchange: host.exchange,
        address,
        ok: outcome?.ok ?? null,
        ...(outcome?.ok ? { banner: outcome.banner } : {}),
        ...(outcome && !outcome.ok ? { error: outcome.error } : {}),
        ...(outcome ? { elapsed_ms: outcome.elapsedMs } : {}),
      };
    }),
  );
  const details = { probes };
  if (probes.length === 0) {
    return checkResult('fail', 'no mail server has an IPv6 address to deliver to', {
      error: 'no_address',
      ...details,
    });
  }
  const failed = probes.filter((probe) => probe.ok === false);
  if (failed.length > 0) {
    const list = failed.map((probe) =>
      `${probe.exchange} ${probe.address} ${probe.error ? FAILURE_WORDS[probe.error] : ''}`.trim(),
    );
    return checkResult(
      'fail',
      `mail server IPv6 addresses without a 220 banner on port 25 (${failed.length} of ${probes.length}): ${listSome(list)}`,
      { error: failed[0]?.error, ...details },
    );
  }
  if (probes.some((probe) => probe.ok === null))
    return unmeasured(facts, 'an SMTP banner from every mail server IPv6 address', details);
  return checkResult(
    'pass',
    `all ${count(probes.length, 'mail server IPv6 address', 'mail server IPv6 addresses')} answer with a 220 banner`,
    details,
  );
};
