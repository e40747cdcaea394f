import { describe, expect, it } from 'vitest';
import { SeenTargets } from '../../src/targets/seen-targets.ts';

describe('SeenTargets', () => {
  it('knows every key added, through many growths, and no key it was not given', () => {
    const seen = new SeenTargets();
    const count = 200_000;
    for (let at = 0; at < count; at += 1) {
      expect(seen.addIfNew(`url https://site${at}.example.com/`)).toBe(true);
    }
    expect(seen.size).toBe(count);
    let newAgain = 0;
    for (let at = 0; at < count; at += 1) {
      if (seen.addIfNew(`url https://site${at}.example.com/`)) newAgain += 1;
    }
    expect(newAgain).toBe(0);
    let unseen = 0;
    for (let at = 0; at < count; at += 1) {
      if (seen.addIfNew(`url https://other${at}.example.com/`)) unseen += 1;
    }
    expect(unseen).toBe(count);
  });

  it('tells keys apart that differ only in one character or in non-ASCII text', () => {
    const seen = new SeenTargets();
    for (const key of ['text a', 'text b', 'text 政务', 'text 政物', 'text ', 'url ']) {
      expect(seen.addIfNew(key)).toBe(true);
    }
    expect(seen.addIfNew('text 政务')).toBe(false);
  });
});
