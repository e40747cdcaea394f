/** Timings to 0.1 ms: finer digits are noise and make reports hard to read. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Ratios and similarity to three decimals, enough to compare with a 0.90 threshold. */
export function roundRatio(ratio: number): number {
  return Math.round(ratio * 1000) / 1000;
}

/** Percentages and mean scores to one decimal. */
export function roundOneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}
