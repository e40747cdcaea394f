// The judge rounds timings too (web_latency6), so those two live below it, once.
export { roundMs } from '../judge/rounding.ts';

/** Ratios and similarity to three decimals, enough to compare with a 0.90 threshold. */
export function roundRatio(ratio: number): number {
  return Math.round(ratio * 1000) / 1000;
}

/** Percentages and mean scores to one decimal. */
export function roundOneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}
