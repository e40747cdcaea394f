import { describe, expect, it } from 'vitest';

import { sampleLinks } from '../../src/crawl/sample-links.ts';

const LINKS = Array.from({ length: 50 }, (_, index) => `https://www.example.com/page/${index}`);

describe('sampleLinks', () => {
  it('takes at most maxLinks distinct links', () => {
    const sample = sampleLinks([...LINKS, ...LINKS], 20, 'www.example.com');
    expect(sample).toHaveLength(20);
    expect(new Set(sample).size).toBe(20);
    for (const url of sample) expect(LINKS).toContain(url);
  });

  it('picks the same links in the same order whatever the input order', () => {
    const shuffled = [...LINKS].reverse();
    shuffled.push(shuffled.shift() as string);
    expect(sampleLinks(shuffled, 20, 'www.example.com')).toEqual(
      sampleLinks(LINKS, 20, 'www.example.com'),
    );
  });

  it('does not just take the first links of the page', () => {
    expect(sampleLinks(LINKS, 20, 'www.example.com')).not.toEqual(LINKS.slice(0, 20));
  });

  it('depends on the seed', () => {
    expect(sampleLinks(LINKS, 20, 'a.example')).not.toEqual(sampleLinks(LINKS, 20, 'b.example'));
  });

  it('keeps every link when there are fewer than maxLinks, and none for maxLinks 0', () => {
    expect(new Set(sampleLinks(LINKS.slice(0, 5), 20, 's'))).toEqual(new Set(LINKS.slice(0, 5)));
    expect(sampleLinks(LINKS, 0, 's')).toEqual([]);
    expect(sampleLinks(LINKS, -3, 's')).toEqual([]);
  });

  it('a smaller sample is the start of a larger one', () => {
    expect(sampleLinks(LINKS, 20, 's').slice(0, 7)).toEqual(sampleLinks(LINKS, 7, 's'));
  });
});
