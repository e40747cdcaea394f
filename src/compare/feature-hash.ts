/**
 * Hashes of tokens and shingles. Features are kept as numbers, not strings, and as 30-bit
 * numbers so that V8 stores them as small integers: a Set of them allocates nothing per feature.
 * At the hundred thousand features of a 1 MiB page, collisions move a similarity by about
 * 1e-5 at most.
 */

// As a signed 32-bit value, so hashes stay int32 in optimised code (Math.imul returns int32).
export const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** One FNV-1a step: fold a code unit (or a small number) into the running hash. */
export function fnvStep(hash: number, value: number): number {
  return Math.imul(hash ^ value, FNV_PRIME);
}

/** MurmurHash3's finaliser (spreads FNV's weak low bits over the word), cut to 30 bits. */
export function finalizeHash(value: number): number {
  let hash = value;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) & 0x3fffffff;
}

/** FNV-1a over UTF-16 code units; the seed keeps kinds of features (text, tags) apart. */
export function hashString(text: string, seed = 0): number {
  let hash = (FNV_OFFSET ^ seed) >>> 0;
  for (let index = 0; index < text.length; index++) hash = fnvStep(hash, text.charCodeAt(index));
  return finalizeHash(hash);
}

/** Order-sensitive hash of up to three token hashes (one shingle). */
export function hashShingle(first: number, second?: number, third?: number): number {
  let hash = fnvStep(FNV_OFFSET, first);
  if (second !== undefined) hash = fnvStep(Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d), second);
  if (third !== undefined) hash = fnvStep(Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d), third);
  return finalizeHash(hash);
}
