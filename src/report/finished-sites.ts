/**
 * The scan's record of its finished sites, kept in columns: typed arrays for the numbers, codes
 * for the few distinct strings (verdict, category, owner, file), and the target and host texts.
 * A SiteEntry object per site, kept for the whole scan, cost ~330 bytes with its Map; a row here
 * costs about a third of that. Entries are made one at a time, in input order, only while the
 * reports are written.
 */
import { VERDICTS, type Verdict } from '../judge/judge-types.ts';
import { compareEntries, type InputFields, type SiteEntry } from './site-entry.ts';

const FIRST_CAPACITY = 1024;

/** Distinct strings numbered from 1; 0 stands for null. */
class StringCodes {
  private readonly codes = new Map<string, number>();
  private readonly strings: string[] = [''];

  code(text: string | null): number {
    if (text === null) return 0;
    let code = this.codes.get(text);
    if (code === undefined) {
      code = this.strings.length;
      this.strings.push(text);
      this.codes.set(text, code);
    }
    return code;
  }

  text(code: number): string | null {
    return code === 0 ? null : (this.strings[code] as string);
  }
}

const VERDICT_CODES = new Map<Verdict, number>(VERDICTS.map((verdict, code) => [verdict, code]));

/** The finished sites so far, keyed like the scan keys them (a later site of a key replaces). */
export class FinishedSites {
  private readonly rowOfKey = new Map<string, number>();
  private rows = 0;
  private capacity = FIRST_CAPACITY;
  private indexes = new Float64Array(FIRST_CAPACITY);
  private scores = new Float64Array(FIRST_CAPACITY);
  private offsets = new Float64Array(FIRST_CAPACITY);
  private lengths = new Uint32Array(FIRST_CAPACITY);
  private scannedAtMs = new Float64Array(FIRST_CAPACITY);
  private verdicts = new Uint8Array(FIRST_CAPACITY);
  private categories = new Uint32Array(FIRST_CAPACITY);
  private owners = new Uint32Array(FIRST_CAPACITY);
  private files = new Uint32Array(FIRST_CAPACITY);
  private readonly targets: string[] = [];
  private readonly hosts: (string | null)[] = [];
  private readonly strings = new StringCodes();
  /** scanned_at texts that the milliseconds do not give back exactly (not toISOString's form). */
  private readonly oddScannedAt = new Map<number, string>();
  /** Input fields of sites carried over by --resume (few, and only then). */
  private readonly inputs = new Map<number, InputFields>();

  get size(): number {
    return this.rows;
  }

  /** Records a site finished under `key`; a site of the same key recorded before is replaced. */
  set(key: string, entry: SiteEntry): void {
    const locator = entry.locator;
    if (!('file' in locator)) throw new Error('a scan records sites by where they lie in a file');
    let row = this.rowOfKey.get(key);
    if (row === undefined) {
      row = this.rows;
      this.rows += 1;
      if (row === this.capacity) this.grow();
      this.rowOfKey.set(key, row);
    }
    this.indexes[row] = entry.index;
    this.scores[row] = entry.score;
    this.offsets[row] = locator.offset;
    this.lengths[row] = locator.length;
    this.verdicts[row] = VERDICT_CODES.get(entry.verdict) as number;
    this.categories[row] = this.strings.code(entry.category);
    this.owners[row] = this.strings.code(entry.owner);
    this.files[row] = this.strings.code(locator.file);
    this.targets[row] = entry.target;
    // Mostly the same text as the target: one string kept for both.
    this.hosts[row] = entry.host === entry.target ? entry.target : entry.host;
    const milliseconds = Date.parse(entry.scanned_at);
    this.scannedAtMs[row] = milliseconds;
    if (!Number.isFinite(milliseconds) || new Date(milliseconds).toISOString() !== entry.scanned_at)
      this.oddScannedAt.set(row, entry.scanned_at);
    else this.oddScannedAt.delete(row);
    if (entry.input) this.inputs.set(row, entry.input);
    else this.inputs.delete(row);
  }

  get(key: string): SiteEntry | undefined {
    const row = this.rowOfKey.get(key);
    return row === undefined ? undefined : this.entry(row);
  }

  /**
   * Every site in input order (index, then target), as an iterable that may be walked more than
   * once; each walk makes the entries one at a time.
   */
  inInputOrder(): Iterable<SiteEntry> {
    const order = new Uint32Array(this.rows);
    for (let row = 0; row < this.rows; row += 1) order[row] = row;
    order.sort(
      (left, right) =>
        (this.indexes[left] as number) - (this.indexes[right] as number) ||
        compareEntries(this.entry(left), this.entry(right)),
    );
    const entry = (row: number): SiteEntry => this.entry(row);
    return {
      *[Symbol.iterator]() {
        for (const row of order) yield entry(row);
      },
    };
  }

  private entry(row: number): SiteEntry {
    const milliseconds = this.scannedAtMs[row] as number;
    const input = this.inputs.get(row);
    return {
      index: this.indexes[row] as number,
      target: this.targets[row] as string,
      host: this.hosts[row] as string | null,
      verdict: VERDICTS[this.verdicts[row] as number] as Verdict,
      score: this.scores[row] as number,
      category: this.strings.text(this.categories[row] as number),
      owner: this.strings.text(this.owners[row] as number),
      scanned_at: this.oddScannedAt.get(row) ?? new Date(milliseconds).toISOString(),
      locator: {
        file: this.strings.text(this.files[row] as number) as string,
        offset: this.offsets[row] as number,
        length: this.lengths[row] as number,
      },
      ...(input ? { input } : {}),
    };
  }

  private grow(): void {
    this.capacity *= 2;
    this.indexes = grown(this.indexes, this.capacity);
    this.scores = grown(this.scores, this.capacity);
    this.offsets = grown(this.offsets, this.capacity);
    this.lengths = grown(this.lengths, this.capacity);
    this.scannedAtMs = grown(this.scannedAtMs, this.capacity);
    this.verdicts = grown(this.verdicts, this.capacity);
    this.categories = grown(this.categories, this.capacity);
    this.owners = grown(this.owners, this.capacity);
    this.files = grown(this.files, this.capacity);
  }
}

function grown<T extends Float64Array | Uint32Array | Uint8Array>(column: T, capacity: number): T {
  const larger = new (column.constructor as new (length: number) => T)(capacity);
  larger.set(column);
  return larger;
}
