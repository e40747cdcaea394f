import { describe, expect, it } from 'vitest';
import { BestRanked } from '../../src/targets/best-ranked.ts';
import type { TargetRecord } from '../../src/targets/target.ts';

function target(input: string, rank: number | null): TargetRecord {
  return {
    valid: false,
    index: 0,
    input,
    reason: 'test',
    category: null,
    owner: null,
    name: null,
    rank,
  };
}

/** The plain definition: sort everything by (rank, position), take `top`, restore input order. */
function bySorting(records: TargetRecord[], top: number): string[] {
  return records
    .map((record, position) => ({ record, position }))
    .sort(
      (a, b) =>
        (a.record.rank ?? Infinity) - (b.record.rank ?? Infinity) || a.position - b.position,
    )
    .slice(0, top)
    .sort((a, b) => a.position - b.position)
    .map((item) => item.record.input);
}

describe('BestRanked', () => {
  it('keeps the same targets as sorting the whole list would, on random lists with ties', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round += 1) {
      const size = Math.floor(random() * 60);
      const records = Array.from({ length: size }, (_, at) =>
        target(`t${at}`, random() < 0.2 ? null : 1 + Math.floor(random() * 20)),
      );
      const top = 1 + Math.floor(random() * 25);
      const best = new BestRanked(top);
      records.forEach((record, position) => best.offer(record, position));
      expect(best.inInputOrder().map((record) => record.input)).toEqual(bySorting(records, top));
    }
  });

  it('on an unranked list keeps the first N in input order', () => {
    const best = new BestRanked(2);
    ['a', 'b', 'c', 'd'].forEach((input, position) => best.offer(target(input, null), position));
    expect(best.inInputOrder().map((record) => record.input)).toEqual(['a', 'b']);
  });
});
