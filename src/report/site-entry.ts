/**
 * What a report writer keeps per site: the few fields the summary and the ordering need, and where
 * the whole site object lies (a line of sites.jsonl, a block of report.json). Sites themselves are
 * read back one at a time, so memory does not grow with the size of each site.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Verdict } from '../judge/judge-types.ts';
import type { SiteReport } from './report-types.ts';
import { siteProblem } from './validate-report.ts';

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

/** Reads sites back by their locators, keeping one open handle per file until closed. */
export class SiteLoader {
  private readonly handles = new Map<string, Promise<FileHandle>>();

  async load(entry: SiteEntry): Promise<SiteReport> {
    const site = await this.loadStored(entry.locator);
    return entry.input ? { ...site, ...entry.input } : site;
  }

  async close(): Promise<void> {
    const handles = [...this.handles.values()];
    this.handles.clear();
    for (const handle of handles) await (await handle.catch(() => null))?.close();
  }

  private async loadStored(locator: SiteLocator): Promise<SiteReport> {
    if ('site' in locator) return locator.site;
    let handle = this.handles.get(locator.file);
    if (!handle) {
      handle = open(locator.file, 'r');
      this.handles.set(locator.file, handle);
    }
    const bytes = Buffer.alloc(locator.length);
    const { bytesRead } = await (await handle).read(bytes, 0, locator.length, locator.offset);
    // A report.json block ends with the comma that separates it from the next site.
    const text = bytes.toString('utf8', 0, bytesRead).trimEnd().replace(/,$/, '');
    const site: unknown = JSON.parse(text);
    // The file was checked when it was indexed; a change since then is refused, not trusted.
    const problem = siteProblem(site);
    if (problem !== null) {
      throw new Error(
        `${locator.file} changed while being read (byte ${locator.offset}: ${problem})`,
      );
    }
    return site as SiteReport;
  }
}
