/**
 * The dedupe set of the input: a 64-bit fingerprint per target in an open-addressing table of
 * typed arrays, about 16 bytes a target (a Set of the key strings took about 100), so a
 * million-line list costs 16 MB here. Two different targets share a fingerprint with a
 * probability of about n²/2⁶⁴ (under 1 in 10 million for a million targets); the later one
 * would then be taken for a duplicate.
 */
export class SeenTargets {
  private highs = new Uint32Array(1024);
  /** The low word, forced odd so that 0 marks an empty slot. */
  private lows = new Uint32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** True when the key was not seen before (and is now). */
  addIfNew(key: string): boolean {
    const [high, low] = fingerprint(key);
    const mask = this.lows.length - 1;
    let slot = high & mask;
    while (this.lows[slot] !== 0) {
      if (this.lows[slot] === low && this.highs[slot] === high) return false;
      slot = (slot + 1) & mask;
    }
    this.highs[slot] = high;
    this.lows[slot] = low;
    this.count += 1;
    if (this.count * 2 > this.lows.length) this.grow();
    return true;
  }

  private grow(): void {
    const oldHighs = this.highs;
    const oldLows = this.lows;
    this.highs = new Uint32Array(oldLows.length * 2);
    this.lows = new Uint32Array(oldLows.length * 2);
    const mask = this.lows.length - 1;
    for (let old = 0; old < oldLows.length; old += 1) {
      const low = oldLows[old] ?? 0;
      if (low === 0) continue;
      const high = oldHighs[old] ?? 0;
      let slot = high & mask;
      while (this.lows[slot] !== 0) slot = (slot + 1) & mask;
      this.highs[slot] = high;
      this.lows[slot] = low;
    }
  }
}

/** cyrb53's two 32-bit lanes over the UTF-16 code units: fast, and well mixed for this use. */
function fingerprint(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let at = 0; at < text.length; at += 1) {
    const unit = text.charCodeAt(at);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, (h2 | 1) >>> 0];
}
