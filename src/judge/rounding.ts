/** Timings to 0.1 ms: finer digits are noise and make reports hard to read. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
