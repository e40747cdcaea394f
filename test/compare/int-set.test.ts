import { describe, expect, it } from 'vitest';
import { IntSet } from '../../src/compare/int-set.ts';
import { jaccard } from '../../src/compare/jaccard.ts';

function setOf(values: number[]): IntSet {
  const set = new IntSet();
  for (const value of values) set.add(value);
  return set;
}

describe('IntSet', () => {
  it('stores each value once, 0 included, and grows past its first table', () => {
    const values = Array.from({ length: 5000 }, (_, index) => (index * 2654435761) & 0x3fffffff);
    const set = setOf([...values, ...values, 0, 0]);
    expect(set.size).toBe(new Set([...values, 0]).size);
    expect(values.every((value) => set.has(value))).toBe(true);
    expect(set.has(0)).toBe(true);
    expect(set.has(12345)).toBe(values.includes(12345));
    const seen: number[] = [];
    set.forEach((value) => seen.push(value));
    expect(seen.sort((a, b) => a - b)).toEqual([...new Set([...values, 0])].sort((a, b) => a - b));
  });
});

describe('jaccard', () => {
  it('is shared over all, and 1 for two empty sets', () => {
    expect(jaccard(setOf([1, 2, 3]), setOf([2, 3, 4]))).toBe(2 / 4);
    expect(jaccard(setOf([]), setOf([]))).toBe(1);
    expect(jaccard(setOf([1]), setOf([]))).toBe(0);
  });
});
