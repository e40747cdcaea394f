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

/** Set once at start-up; V8 reads the flag at each collection, so it applies from then on. */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
