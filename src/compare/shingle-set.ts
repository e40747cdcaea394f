import { hashShingle } from './feature-hash.ts';
import { IntSet } from './int-set.ts';

/**
 * Collects the 3-shingles (runs of three consecutive tokens) of a token stream as hashes. A
 * stream of one or two tokens still gives one shingle, so a two-word page is not featureless.
 */
export class ShingleSet {
  readonly shingles: IntSet;
  private first = 0;
  private second = 0;
  private tokenCount = 0;

  constructor(expectedTokens?: number) {
    this.shingles = new IntSet(expectedTokens);
  }

  add(tokenHash: number): void {
    this.tokenCount++;
    if (this.tokenCount >= 3) this.shingles.add(hashShingle(this.first, this.second, tokenHash));
    this.first = this.second;
    this.second = tokenHash;
  }

  /** Ends the stream: a stream shorter than three tokens becomes one shingle. */
  finish(): IntSet {
    if (this.tokenCount === 1) this.shingles.add(hashShingle(this.second));
    if (this.tokenCount === 2) this.shingles.add(hashShingle(this.first, this.second));
    return this.shingles;
  }
}
