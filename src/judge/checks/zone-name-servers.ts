import type { NameServerFacts } from '../../dns/dns-types.ts';
import type { SiteFacts } from '../../facts/site-facts.ts';
import { checkResult } from '../check-result.ts';
import type { CheckResult } from '../judge-types.ts';
import { phrase } from '../../i18n/phrases.ts';
import { unmeasured } from './unmeasured.ts';

/**
 * The zone's name servers for ns_aaaa and ns_reach6, or the `error` result when they are not
 * known: the zone lookup failed or was never made.
 */
export function zoneNameServers(
  facts: SiteFacts,
): { zone: string; nameServers: NameServerFacts[] } | { result: CheckResult } {
  const zone = facts.dns.zone;
  if (!zone) return { result: unmeasured(facts, 'zone_name_servers') };
  if (zone.outcome !== 'ok' || zone.zone === null || zone.nameServers.length === 0) {
    return {
      result: checkResult('error', phrase('zone_not_found', { outcome: zone.outcome }), {
        error: zone.outcome === 'ok' ? 'nodata' : zone.outcome,
        zone: zone.zone,
      }),
    };
  }
  return { zone: zone.zone, nameServers: zone.nameServers };
}
