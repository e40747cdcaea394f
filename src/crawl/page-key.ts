import { normalizeLinkUrl } from './parse-links.ts';

/**
 * The identity of a page for "already counted": its normalised URL without the scheme, so
 * `http://site/news/` and `https://site/news/` are one page (sites serve both, and http usually
 * redirects to https). Null for a URL that does not parse.
 */
export function pageKey(url: string): string | null {
  try {
    return normalizeLinkUrl(url).replace(/^https?:/, '');
  } catch {
    return null;
  }
}
