import { createHash } from 'node:crypto';

function rank(seed: string, url: string): string {
  return createHash('sha256').update(seed).update('\u0000').update(url).digest('hex');
}

/**
 * Picks at most `maxLinks` distinct links, deterministically: candidates are ordered by
 * sha256(seed, url) and the first `maxLinks` are kept, in that order. The pick depends only on the
 * seed and the set of links, not on the order the page lists them in, so two scans of the same
 * page measure the same links and a site owner can reproduce a report. A hash order rather than
 * "the first N on the page" also keeps a long navigation menu from filling the whole sample.
 */
export function sampleLinks(links: string[], maxLinks: number, seed: string): string[] {
  const limit = Math.max(0, Math.floor(maxLinks));
  if (limit === 0) return [];
  const ranked = [...new Set(links)].map((url) => ({ url, key: rank(seed, url) }));
  ranked.sort((left, right) =>
    left.key !== right.key ? (left.key < right.key ? -1 : 1) : left.url < right.url ? -1 : 1,
  );
  return ranked.slice(0, limit).map((entry) => entry.url);
}
