import { getDomain } from 'tldts';

/**
 * A host in the form URL parsing gives (lower case, punycode, IPv6 without brackets), with no
 * trailing dot, so that `政务.example`, `XN--...example.` and a URL's hostname compare equal.
 */
function canonicalHost(host: string): string | null {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const literal = bare.includes(':') ? `[${bare}]` : bare;
  let hostname: string;
  try {
    hostname = new URL(`http://${literal}/`).hostname;
  } catch {
    return null;
  }
  if (hostname.startsWith('[')) hostname = hostname.slice(1, -1);
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}

/**
 * The registrable domain (public suffix + one label). Private PSL entries count as suffixes, so
 * `foo.github.io` and `bar.github.io` belong to different owners. null for an IP address, a host
 * that is itself a public suffix, or a single label.
 */
function registrableDomain(host: string): string | null {
  return getDomain(host, { allowPrivateDomains: true });
}

/**
 * An inner link points to the site's own registrable domain (SPEC `links_l2`), over http or
 * https. Where no registrable domain exists (IP address, a bare public suffix, `localhost`) only
 * the very same host counts.
 */
export function isInnerLink(url: string, siteHost: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const linkHost = canonicalHost(parsed.hostname);
  const ownHost = canonicalHost(siteHost);
  if (linkHost === null || ownHost === null) return false;
  if (linkHost === ownHost) return true;
  const ownDomain = registrableDomain(ownHost);
  const linkDomain = registrableDomain(linkHost);
  return ownDomain !== null && ownDomain === linkDomain;
}
