/**
 * Reading reports back, one site at a time: `diff`, `--baseline`, `merge` and any renderer built
 * on the reports use `openReport`, which checks every site before the first is used and keeps
 * only where each one lies.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../user-error.ts';
import { ByteReader, LineTooLongError } from './byte-lines.ts';
import { REPORT_JSON, SITES_JSONL } from './report-files.ts';
import type { ReportHeader, SiteReport } from './report-types.ts';
import { readScanRecord } from './scan-record.ts';
import { compareEntries, SiteLoader, siteEntry, siteKey, type SiteEntry } from './site-entry.ts';
import { readSitesJsonlLines } from './sites-jsonl.ts';
import { buildSummary } from './summary.ts';
import { headerProblem, normaliseHeader, siteProblem } from './validate-report.ts';

export interface OpenedReport {
  /** The file the sites come from (report.json, or sites.jsonl of a scan that did not finish). */
  path: string;
  header: ReportHeader;
  /** Every site's compact entry, in input order. */
  entries: SiteEntry[];
}

/** A report that does not follow our layout is parsed whole, up to this size. */
const MAX_WHOLE_PARSE_BYTES = 256 * 1024 * 1024;

/**
 * Opens a report.json, or an output directory (its report.json, else the sites.jsonl and scan.json
 * of a scan that was killed before writing one). Every site is checked; any problem is a
 * UserError naming the file and the site.
 */
export async function openReport(given: string): Promise<OpenedReport> {
  const info = await stat(given).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(
      `${given}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`,
    );
  });
  if (!info.isDirectory()) return openReportJson(given);
  const reportPath = join(given, REPORT_JSON);
  if (
    await stat(reportPath).then(
      () => true,
      () => false,
    )
  )
    return openReportJson(reportPath);
  return openSitesJsonl(given);
}

/**
 * The renderers' reader: the header, then every site object in input order, one at a time.
 * `for await (const site of readSites(opened))`.
 */
export async function* readSites(report: {
  entries: Iterable<SiteEntry>;
}): AsyncGenerator<SiteReport> {
  const loader = new SiteLoader();
  try {
    for (const entry of report.entries) yield await loader.load(entry);
  } finally {
    await loader.close();
  }
}

/** A report.json as our writer lays it out: 2-space JSON, each site a block at 4 spaces. */
async function openReportJson(path: string): Promise<OpenedReport> {
  try {
    const laidOut = await readLaidOutReport(path);
    if (laidOut) return laidOut;
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (!(error instanceof LineTooLongError)) throw readError(path, error);
  }
  return readWholeReport(path);
}

const SITES_OPEN = '  "sites": [';
const SITES_EMPTY = /^ {2}"sites": \[\],?$/;
const SITES_CLOSE = /^ {2}\],?$/;
const FILE_OPEN = Buffer.from('{\n');
const SITE_OPEN = Buffer.from('    {');
/** Every line inside a site is indented further, so the next line starting so is its end. */
const SITE_CLOSE = Buffer.from('    }');
const COMMA = 0x2c;

/** null when the file is not in our layout (reformatted by another tool): it is parsed whole. */
async function readLaidOutReport(path: string): Promise<OpenedReport | null> {
  const headerLines: string[] = [];
  const tailLines: string[] = [];
  const entries: SiteEntry[] = [];
  const reader = new ByteReader(path);
  try {
    // A one-line report would otherwise be read whole as its first line.
    if (!(await reader.startsWith(FILE_OPEN))) return null;
    let state: 'header' | 'sites' | 'tail' = 'header';
    for (let line = await reader.readLine(); line; line = await reader.readLine()) {
      if (state === 'sites') {
        if (!line.bytes.equals(SITE_OPEN)) {
          if (!SITES_CLOSE.test(line.bytes.toString('utf8'))) return null;
          state = 'tail';
          continue;
        }
        // The site's inner lines are not split or decoded one by one: only its closing line is
        // looked for, and the block is decoded once for JSON.parse.
        const rest = await reader.readThroughLineStarting(SITE_CLOSE);
        if (!rest) return null;
        const closeLength = rest.bytes.length - rest.bytes.lastIndexOf(0x0a) - 1;
        const comma = rest.bytes[rest.bytes.length - 1] === COMMA;
        if (closeLength !== SITE_CLOSE.length + (comma ? 1 : 0)) return null;
        const text = rest.bytes.toString('utf8', 0, rest.bytes.length - (comma ? 1 : 0));
        const site = parseSite(path, `{\n${text}`, entries.length);
        if (site === undefined) return null;
        entries.push(
          siteEntry(site, {
            file: path,
            offset: line.offset,
            length: rest.offset + rest.bytes.length - line.offset,
          }),
        );
        continue;
      }
      const text = line.bytes.toString('utf8');
      if (state === 'tail') tailLines.push(text);
      else if (text === SITES_OPEN) state = 'sites';
      else if (SITES_EMPTY.test(text)) state = 'tail';
      else headerLines.push(text);
    }
    if (state !== 'tail') return null;
  } finally {
    await reader.close();
  }
  const headerText = `${headerLines.join('\n').replace(/,$/, '')}\n}`;
  const tailText = `{\n${tailLines.join('\n')}`;
  let headerValue: unknown;
  let tailValue: unknown;
  try {
    headerValue = JSON.parse(headerText);
    tailValue = tailLines.length > 1 ? JSON.parse(tailText) : {};
  } catch {
    return null;
  }
  return finishReport(path, { ...(headerValue as object), ...(tailValue as object) }, entries);
}

/** undefined when the block is not JSON (not our layout); a UserError when it is not a site. */
function parseSite(path: string, text: string, position: number): SiteReport | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const problem = siteProblem(value);
  if (problem !== null) throw new UserError(`${path}: site ${position + 1}: ${problem}`);
  return value as SiteReport;
}

async function readWholeReport(path: string): Promise<OpenedReport> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_WHOLE_PARSE_BYTES) {
      throw new UserError(
        `${path}: over ${MAX_WHOLE_PARSE_BYTES >> 20} MiB and not laid out as v6ready writes it`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw readError(path, error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: not JSON (${(error as Error).message})`);
  }
  const sites = (value as { sites?: unknown } | null)?.sites;
  if (!Array.isArray(sites)) {
    throw new UserError(
      `${path}: ${headerProblem(value) ?? 'sites is not a list of site objects'}`,
    );
  }
  const entries = sites.map((site: unknown, position) => {
    const problem = siteProblem(site);
    if (problem !== null) throw new UserError(`${path}: site ${position + 1}: ${problem}`);
    return siteEntry(site as SiteReport, { site: site as SiteReport });
  });
  return finishReport(path, value as object, entries);
}

function finishReport(path: string, value: object, entries: SiteEntry[]): OpenedReport {
  const { sites: _sites, ...rest } = value as Record<string, unknown>;
  const problem = headerProblem(rest);
  if (problem !== null) throw new UserError(`${path}: ${problem}`);
  const header = normaliseHeader(rest, entries.length);
  // Input order, whatever an older writer or another tool did; the file order breaks ties.
  const ordered = entries.slice().sort(compareEntries);
  return {
    path,
    header: { ...header, summary: header.summary ?? buildSummary(ordered) },
    entries: ordered,
  };
}

/** A scan killed before it wrote report.json: its sites.jsonl, with scan.json for the header. */
async function openSitesJsonl(dir: string): Promise<OpenedReport> {
  const path = join(dir, SITES_JSONL);
  const record = await readScanRecord(dir);
  if (
    !(await stat(path).then(
      (info) => info.isFile(),
      () => false,
    ))
  ) {
    throw new UserError(`${dir}: neither ${REPORT_JSON} nor ${SITES_JSONL} found`);
  }
  if (!record) {
    throw new UserError(
      `${dir} has only ${SITES_JSONL} and no scan.json, so its scan options are unknown; ` +
        `finish it with --resume first`,
    );
  }
  const byKey = new Map<string, SiteEntry>();
  try {
    for await (const { site, location } of readSitesJsonlLines(path)) {
      byKey.set(siteKey(site), siteEntry(site, location));
    }
  } catch (error) {
    throw readError(path, error);
  }
  const entries = [...byKey.values()].sort(compareEntries);
  const summary = buildSummary(entries);
  return {
    path,
    header: {
      schema: record.schema,
      tool: record.tool,
      started_at: record.started_at,
      finished_at: record.started_at,
      options: record.options,
      complete: false,
      sites_done: entries.length,
      sites_total: record.sites_total ?? record.options.input_total ?? entries.length,
      summary,
    },
    entries,
  };
}

function readError(path: string, error: unknown): UserError {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new UserError(`cannot read ${path}: ${code ?? (error as Error).message}`);
}
