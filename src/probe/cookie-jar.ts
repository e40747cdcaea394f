interface StoredCookie {
  name: string;
  value: string;
  /** Lower-case domain; with hostOnly the exact host, else the host and its subdomains. */
  domain: string;
  hostOnly: boolean;
  secure: boolean;
}

/**
 * The cookies of one redirect chain. Many sites answer a first visit with "set a cookie and
 * redirect to the same URL"; without a jar that reads as a redirect loop, on both families.
 * Deliberately small: Path and expiry dates are ignored (the chain lasts seconds), Max-Age=0
 * deletes.
 */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(setCookieHeaders: string[], url: URL): void {
    const host = url.hostname.toLowerCase();
    for (const header of setCookieHeaders) {
      const [pair = '', ...attributes] = header.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const cookie: StoredCookie = {
        name: pair.slice(0, separator).trim(),
        value: pair.slice(separator + 1).trim(),
        domain: host,
        hostOnly: true,
        secure: false,
      };
      let expired = false;
      for (const attribute of attributes) {
        const [rawKey = '', ...rest] = attribute.split('=');
        const key = rawKey.trim().toLowerCase();
        const value = rest.join('=').trim();
        if (key === 'domain' && value !== '') {
          cookie.domain = value.replace(/^\./, '').toLowerCase();
          cookie.hostOnly = false;
        } else if (key === 'secure') {
          cookie.secure = true;
        } else if (key === 'max-age' && Number(value) <= 0) {
          expired = true;
        }
      }
      // A server may not set cookies for a domain it is not part of.
      if (!cookie.hostOnly && !domainMatches(host, cookie.domain)) continue;
      const key = `${cookie.domain}\t${cookie.name}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
    }
  }

  /** The Cookie header for a request to url, or undefined when no cookie applies. */
  headerFor(url: URL): string | undefined {
    const host = url.hostname.toLowerCase();
    const pairs = [...this.cookies.values()]
      .filter((cookie) =>
        cookie.hostOnly ? host === cookie.domain : domainMatches(host, cookie.domain),
      )
      .filter((cookie) => !cookie.secure || url.protocol === 'https:')
      .map((cookie) => `${cookie.name}=${cookie.value}`);
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
