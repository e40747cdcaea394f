/**
 * What a report writer keeps per site: the few fields the summary and the ordering need, and where
 * the whole site object lies (a line of sites.jsonl, a block of report.json). Sites themselves are
 * read back one at a time, so memory does not grow with the size of each site.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Verdict } from '../judge/judge-types.ts';
import type { SiteReport } from './report-types.ts';

/** A byte range of a file, or (small reports parsed whole, tests) the object itself. */
export type SiteLocator = { file: string; offset: number; length: number } | { site: SiteReport };

/** The fields taken from the current input when a resumed scan reuses an earlier measurement. */
export type InputFields = Pick<SiteReport, 'index' | 'category' | 'owner' | 'name' | 'rank'>;

export interface SiteEntry {
  index: number;
  target: string;
  host: string | null;
  verdict: Verdict;
  score: number;
  category: string | null;
  owner: string | null;
  scanned_at: string;
  locator: SiteLocator;
  /** Replaces the stored input fields when the site is loaded (re-indexing on --resume). */
  input?: InputFields;
}

export function siteEntry(site: SiteReport, locator: SiteLocator): SiteEntry {
  return {
    index: site.index,
    target: site.target,
    host: site.host,
    verdict: site.verdict,
    score: site.score,
    category: site.category,
    owner: site.owner,
    scanned_at: site.scanned_at,
    locator,
  };
}

export function withInputFields(entry: SiteEntry, input: InputFields): SiteEntry {
  return { ...entry, index: input.index, category: input.category, owner: input.owner, input };
}

/** Input order; the target breaks ties so that equal indexes (two inputs of a merge) stay stable. */
export function compareEntries(left: SiteEntry, right: SiteEntry): number {
  return (
    left.index - right.index || (left.target < right.target ? -1 : +(left.target > right.target))
  );
}

/** Index and target together: the same input position with a different target is another site. */
export function siteKey(site: Pick<SiteReport, 'index' | 'target'>): string {
  return `${site.index}\u0000${site.target}`;
}

/** Bytes read at once, shared among the files being read: sites are asked for near file order. */
const READ_AHEAD_BYTES = 1 << 20;

/** A stretch of a file read ahead, from which the next sites are taken without a read each. */
interface ReadAhead {
  offset: number;
  bytes: Buffer;
}

/**
 * Reads sites back by their locators, keeping one open handle per file until closed. Each read
 * takes up to 1 MiB around the site asked for (split among the files open), since the next sites
 * asked for usually lie beside it: report.json holds them in input order, sites.jsonl in the order
 * they finished, which is input order give or take the sites in flight. One read per site costs
 * more than parsing it.
 */
export class SiteLoader {
  private readonly handles = new Map<string, Promise<FileHandle>>();
  private readonly readAhead = new Map<string, ReadAhead>();

  async load(entry: SiteEntry): Promise<SiteReport> {
    const site = await this.loadStored(entry);
    return entry.input ? { ...site, ...entry.input } : site;
  }

  async close(): Promise<void> {
    const handles = [...this.handles.values()];
    this.handles.clear();
    this.readAhead.clear();
    for (const handle of handles) await (await handle.catch(() => null))?.close();
  }

  private async loadStored(entry: SiteEntry): Promise<SiteReport> {
    const locator = entry.locator;
    if ('site' in locator) return locator.site;
    const bytes = await this.bytesAt(locator);
    // A report.json block ends with the comma that separates it from the next site.
    let end = bytes.length;
    while (end > 0 && isJsonSpace(bytes[end - 1] as number)) end -= 1;
    if (bytes[end - 1] === COMMA) end -= 1;
    const site = JSON.parse(bytes.toString('utf8', 0, end)) as SiteReport | null;
    // Every field was checked when the file was indexed (or the scan wrote the site itself); what
    // is left to catch is a file changed since, which puts another site (or none) at this place.
    if (site?.target !== entry.target || site.scanned_at !== entry.scanned_at) {
      throw new Error(
        `${locator.file} changed while being read (byte ${locator.offset}: not site ${entry.target})`,
      );
    }
    return site;
  }

  /** The located bytes (fewer when the file has become shorter). */
  private async bytesAt(locator: {
    file: string;
    offset: number;
    length: number;
  }): Promise<Buffer> {
    const { file, offset, length } = locator;
    let ahead = this.readAhead.get(file);
    if (!ahead || offset < ahead.offset || offset + length > ahead.offset + ahead.bytes.length) {
      let handle = this.handles.get(file);
      if (!handle) {
        handle = open(file, 'r');
        this.handles.set(file, handle);
      }
      const size = Math.max(length, Math.floor(READ_AHEAD_BYTES / this.handles.size));
      // A quarter behind the site, for the sites of sites.jsonl that finished before it.
      const from = Math.max(0, offset - Math.floor((size - length) / 4));
      const bytes = Buffer.allocUnsafe(size);
      const { bytesRead } = await (await handle).read(bytes, 0, size, from);
      ahead = { offset: from, bytes: bytes.subarray(0, bytesRead) };
      this.readAhead.set(file, ahead);
    }
    const start = offset - ahead.offset;
    return ahead.bytes.subarray(start, start + length);
  }
}

const COMMA = 0x2c;

function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
