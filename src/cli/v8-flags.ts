import v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past what the last full collection kept, in percent.
 *
 * A scan keeps little alive (the sites in flight, the compact report entries, bounded caches:
 * some 20-40 MB) but makes garbage fast, and by default V8 lets the old space grow to several
 * times the live set while memory is plentiful: 70-110 MB of old space at 1000 sites, 236 MiB
 * peak RSS at 5000. Growing by half the live set instead keeps the heap close to what is alive,
 * flat in the number of sites, for a little more collection work (marking runs concurrently on
 * the other core). Measured in docs/PERFORMANCE.md ("Heap growth").
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * How much bytecode a function runs before V8 considers optimising it (V8's default is 66 KiB).
 *
 * A scan runs for seconds to minutes. With the default, a 1000-site scan sent some 520 functions
 * to the optimising compiler, whose threads spent about 2.6 s compiling (`--trace-opt`), a tenth
 * to a fifth of the run's CPU, for functions that then ran a few thousand times. A larger budget
 * optimises only what stays hot. Measured in docs/PERFORMANCE.md ("V8's interrupt budget").
 */
export const INTERRUPT_BUDGET = 300_000;

/**
 * Set once at start-up, before any command's code is loaded. V8 reads both flags as it goes (at
 * each collection, at each function's next budget), so they apply from then on. Only on the V8
 * of the Node releases this runs on (11-13: Node 20 to 24), which know both flags: V8 prints an
 * unknown flag's error on stdout, where it would spoil `--json` output.
 */
export function tuneV8(): void {
  const major = Number(process.versions.v8.split('.')[0]);
  if (major < 11 || major > 13) return;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
