/**
 * Times pageSimilarity on 1 MiB page pairs: `npx tsx bench/similarity-bench.ts`.
 * Not a test (vitest runs *.test.ts only); docs/READINESS.md quotes its output.
 */
import { pageSimilarity } from '../src/compare/similarity.ts';
import { PORTAL } from '../test/compare/page-fixtures.ts';

const ONE_MIB = 1024 * 1024;
const RUNS = 25;

/** A body as the network gives it: one flat string. */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function largePortal(nonce: string): string {
  const copies: string[] = [];
  let size = 0;
  for (let copy = 0; size < ONE_MIB; copy++) {
    const page = PORTAL.replaceAll('r4nd0mN0nc3ABCdef123456', `${nonce}${copy}`).replaceAll(
      '1023',
      String(copy),
    );
    copies.push(page);
    size += Buffer.byteLength(page);
  }
  return flat(copies.join('\n'));
}

function uniqueChinese(): string {
  let text = '';
  for (let index = 0; index < 350_000; index++) {
    text += String.fromCharCode(0x4e00 + ((index * 7919) % 20_000));
  }
  return flat(text);
}

const cases: [string, string, string][] = [
  ['portal x ~200 (realistic)', largePortal('Qw3rTy'), largePortal('As9dFg')],
  ['1 MiB of "<"', flat('<'.repeat(ONE_MIB)), flat(`${'<'.repeat(ONE_MIB)}a`)],
  [
    '116k tags <a b="c">',
    flat('<a b="c">'.repeat(ONE_MIB / 9)),
    flat(`${'<a b="c">'.repeat(ONE_MIB / 9)}x`),
  ],
  ['350k unique Chinese chars', uniqueChinese(), flat(`${uniqueChinese()}x`)],
];

for (const [name, left, right] of cases) {
  const times: number[] = [];
  let similarity = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    similarity = pageSimilarity(left, right);
    times.push(performance.now() - started);
  }
  const first = times[0] ?? 0;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)] ?? 0;
  console.log(
    `${name.padEnd(28)} ${(Buffer.byteLength(left) / ONE_MIB).toFixed(2)} MiB  first ${first.toFixed(0)} ms  min ${(times[0] ?? 0).toFixed(0)} ms  median ${median.toFixed(0)} ms  similarity ${similarity.toFixed(3)}`,
  );
}
