import { describe, expect, it } from 'vitest';
import { pageSimilarity } from '../../src/compare/similarity.ts';
import { PORTAL, replaceOnce } from './page-fixtures.ts';

const ONE_MIB = 1024 * 1024;
/**
 * A generous bound: the measured time is about 50 ms for a realistic 1 MiB pair on a loaded
 * 2-core machine (docs/READINESS.md). The test is there to catch a quadratic pattern, which
 * would take seconds to minutes at this size.
 */
const BOUND_MS = 1000;

/** A body as the network gives it: one flat string, not a rope of concatenations. */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** The portal's news blocks repeated up to `bytes` of UTF-8, each copy with its own numbers. */
function largePortal(bytes: number, nonce: string): string {
  const copies: string[] = [];
  let size = 0;
  for (let copy = 0; size < bytes; copy++) {
    const page = replaceOnce(PORTAL, 'r4nd0mN0nc3ABCdef123456', `${nonce}${copy}`).replaceAll(
      '1023',
      String(copy),
    );
    copies.push(page);
    size += Buffer.byteLength(page);
  }
  return flat(copies.join('\n'));
}

function timeMs(run: () => number): { ms: number; result: number } {
  const started = performance.now();
  const result = run();
  return { ms: performance.now() - started, result };
}

describe('pageSimilarity on large and hostile pages', () => {
  it('compares a 1 MiB page pair well within the bound and finds them alike', () => {
    const left = largePortal(ONE_MIB, 'Qw3rTy');
    const right = largePortal(ONE_MIB, 'As9dFg');
    pageSimilarity(left.slice(0, 50_000), right.slice(0, 50_000)); // warm the JIT as a scan would be
    const { ms, result } = timeMs(() => pageSimilarity(left, right));
    expect(result).toBe(1);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  const randomCjk = (): string => {
    let text = '';
    for (let index = 0; index < 350_000; index++)
      text += String.fromCharCode(0x4e00 + ((index * 7919) % 20_000));
    return text;
  };

  it.each([
    ['1 MiB of "<"', () => '<'.repeat(ONE_MIB)],
    ['an attribute quote that never closes', () => `<a title="${'x'.repeat(ONE_MIB)}`],
    ['a comment that never closes', () => `<!--${'<p>'.repeat(ONE_MIB / 3)}`],
    ['a script that never closes', () => `<script>${'<p>a</p>'.repeat(ONE_MIB / 8)}`],
    ['a tag with a million attributes', () => `<a ${'b="c" '.repeat(ONE_MIB / 6)}>`],
    ['1 MiB of character references', () => '&#20013;&amp;'.repeat(ONE_MIB / 13)],
    ['1 MiB of unique Chinese characters', randomCjk],
    ['1 MiB of one long word', () => 'aB3'.repeat(ONE_MIB / 3)],
  ])('%s compares within the bound', (_what, build) => {
    const page = flat(build());
    const { ms, result } = timeMs(() => pageSimilarity(page, flat(`${page} `)));
    expect(result).toBeGreaterThanOrEqual(0);
    expect(result).toBeLessThanOrEqual(1);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('compares only the first MiB of a longer page', () => {
    const head = largePortal(2 * ONE_MIB, 'Zx8'); // more than a million characters
    expect(head.length).toBeGreaterThan(ONE_MIB);
    const tailDiffers = `${head}<p>${'完全不同的内容'.repeat(50_000)}</p>`;
    expect(pageSimilarity(head, tailDiffers)).toBe(1);
  });
});
