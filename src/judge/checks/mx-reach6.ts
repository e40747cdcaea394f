import type { CheckFunction } from '../judge-options.ts';
import { countedAddresses } from '../usable-address.ts';
import { phrase } from '../../i18n/phrases.ts';
import { mailFacts } from './mail-hosts.ts';
import { everyProbeAnswered } from './every-probe-answered.ts';

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
  return everyProbeAnswered({
    facts,
    probes: probes.map((probe) => ({ ...probe, host: probe.exchange })),
    details: { probes },
    group: 'mail_servers',
    noAddressSummary: phrase('hosts_no_ipv6', { group: 'mail_servers', zone: null }),
    unmeasuredWhat: 'smtp_banners',
    passSummary: phrase('probes_all_answered', {
      group: 'mail_servers',
      zone: null,
      count: probes.length,
    }),
  });
};
