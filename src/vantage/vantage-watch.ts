/** How one finished site went over IPv6, as far as the vantage is concerned. */
export type SiteIpv6Outcome =
  /** Some IPv6 connection to the site worked. */
  | 'reached'
  /** Every IPv6 attempt failed with a local error (no route, no source address, local firewall). */
  | 'local_failure'
  /** IPv6 failed otherwise (refused, timeout, TLS...): the far end or the path, not this host. */
  | 'other_failure'
  /** The site has no IPv6 address to try. */
  | 'not_tried';

/**
 * Local failures in a row, at the end of a scan, that mean the vantage lost IPv6 rather than that
 * a few sites have unroutable addresses. Smaller scans rely on the re-check at the end.
 */
export const LOST_AFTER_LOCAL_FAILURES = 3;

/**
 * Watches sites in finishing order: constant memory, however many sites. The vantage is lost
 * when the last sites that tried IPv6 all failed with local errors.
 */
export class VantageWatch {
  private localFailuresInARow = 0;

  observe(outcome: SiteIpv6Outcome): void {
    if (outcome === 'local_failure') this.localFailuresInARow++;
    else if (outcome !== 'not_tried') this.localFailuresInARow = 0;
  }

  /** Plain words when the sites at the end say the vantage lost IPv6, else null. */
  lostReason(): string | null {
    if (this.localFailuresInARow < LOST_AFTER_LOCAL_FAILURES) return null;
    return `the last ${this.localFailuresInARow} sites that tried IPv6 all failed with a local network error (no route or no source address on this host)`;
  }
}
