import type { IntSet } from './int-set.ts';

/** |A ∩ B| / |A ∪ B|; two empty sets are equal (1). */
export function jaccard(setA: IntSet, setB: IntSet): number {
  if (setA.size === 0 && setB.size === 0) return 1;
  const [smaller, larger] = setA.size <= setB.size ? [setA, setB] : [setB, setA];
  let shared = 0;
  smaller.forEach((value) => {
    if (larger.has(value)) shared++;
  });
  return shared / (setA.size + setB.size - shared);
}
