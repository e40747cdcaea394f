import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/dns/bounded-cache.ts';

describe('BoundedCache', () => {
  it('never holds more than its maximum, whatever is put in', () => {
    const cache = new BoundedCache<number>(100);
    for (let index = 0; index < 10_000; index++) cache.set(`name${index}`, index);
    expect(cache.size).toBe(100);
    expect(cache.get('name9999')).toBe(9999);
    expect(cache.get('name9899')).toBeUndefined();
  });

  it('forgets the least recently used key first, a read counting as a use', () => {
    const cache = new BoundedCache<string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  it('creates a value once and hands the same one out while it is kept', () => {
    const cache = new BoundedCache<object>(2);
    let created = 0;
    const create = (): object => ({ serial: ++created });
    const first = cache.getOrCreate('a', create);
    expect(cache.getOrCreate('a', create)).toBe(first);
    expect(created).toBe(1);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new BoundedCache(0)).toThrow(RangeError);
    expect(() => new BoundedCache(1.5)).toThrow(RangeError);
  });
});
