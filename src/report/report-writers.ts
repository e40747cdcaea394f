/**
 * Every report file of an output directory written in one pass over the sites: each site is read
 * once and handed to every file being written (report.json, report.csv, report.html,
 * report.xlsx), so a scan or `v6ready report` parses a site once however many formats it writes.
 * Each file goes through a temporary file renamed into place, so a reader never sees half a
 * report.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { termsFor } from '../i18n/render.ts';
import type { Terms } from '../i18n/terms.ts';
import { CSV_HEADER, csvLine } from './csv.ts';
import { HTML_REPORT_TAIL, htmlReportHead, htmlReportSite } from './html/html-report.ts';
import { REPORT_CSV, REPORT_HTML, REPORT_JSON, REPORT_XLSX, SUMMARY_MD } from './report-files.ts';
import type { OutputFormat } from './report-formats.ts';
import { reportJsonHead, reportJsonSite, reportJsonTail } from './report-json.ts';
import type { ReportHeader, SiteReport } from './report-types.ts';
import { summaryMarkdown } from './summary-markdown.ts';
import { createTemporaryFile, type TemporaryFile } from './write-atomically.ts';
import { openXlsxReport } from './xlsx-report.ts';

const FILE_NAMES: Record<OutputFormat, string> = {
  json: REPORT_JSON,
  csv: REPORT_CSV,
  html: REPORT_HTML,
  xlsx: REPORT_XLSX,
  md: SUMMARY_MD,
};

export interface RenderOptions {
  formats: readonly OutputFormat[];
  /** The language of report.html, report.xlsx and summary.md; English when not given. */
  terms?: Terms;
  /** An earlier report: the change per owner and category since it. */
  baseline?: ReportHeader;
}

/** One file being written, site by site in input order. */
interface SiteFileWriter {
  add(site: SiteReport): Promise<void>;
  /** Ends the file and renames it into place. */
  commit(): Promise<void>;
  /** Removes whatever the writer keeps beside its file (the file itself is discarded apart). */
  discard?(): Promise<void>;
}

/**
 * Writes the files of `formats` into outDir from the header and one pass over the sites (in input
 * order); returns their paths in the order of `formats`. A failure removes every file not yet
 * renamed into place.
 */
export async function writeReportFormats(
  outDir: string,
  header: ReportHeader,
  sites: AsyncIterable<SiteReport> | Iterable<SiteReport>,
  options: RenderOptions,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const formats = [...new Set(options.formats)];
  const temporaries: TemporaryFile[] = [];
  const writers: SiteFileWriter[] = [];
  try {
    for (const format of formats) {
      const temporary = await createTemporaryFile(join(outDir, FILE_NAMES[format]));
      temporaries.push(temporary);
      writers.push(await openWriter(format, temporary, header, options));
    }
    // summary.md shows the header only: asked for alone, it reads no site at all.
    if (formats.some((format) => format !== 'md')) {
      for await (const site of sites) {
        for (const writer of writers) await writer.add(site);
      }
    }
    for (const writer of writers) {
      await writer.commit();
      temporaries.shift();
    }
  } catch (error) {
    for (const writer of writers) await writer.discard?.();
    for (const temporary of temporaries) await temporary.discard();
    throw error;
  }
  return formats.map((format) => join(outDir, FILE_NAMES[format]));
}

async function openWriter(
  format: OutputFormat,
  file: TemporaryFile,
  header: ReportHeader,
  options: RenderOptions,
): Promise<SiteFileWriter> {
  const terms = options.terms ?? termsFor('en');
  const { baseline } = options;
  switch (format) {
    case 'json':
      return textWriter(file, {
        head: reportJsonHead(header),
        site: (site, position) => reportJsonSite(site, position === 0),
        tail: reportJsonTail,
      });
    case 'csv':
      return textWriter(file, { head: CSV_HEADER, site: csvLine, tail: () => '' });
    case 'html':
      return textWriter(file, {
        head: htmlReportHead(header, terms, baseline),
        site: (site, position) => htmlReportSite(site, terms, position === 0),
        tail: () => HTML_REPORT_TAIL,
      });
    case 'md':
      // It shows the summary only; the sites pass it by.
      return textWriter(file, {
        head: summaryMarkdown(header, terms, baseline),
        site: () => '',
        tail: () => '',
      });
    case 'xlsx': {
      const workbook = await openXlsxReport(file.writer, header, terms, baseline);
      return {
        add: async (site) => workbook.add(site),
        commit: async () => {
          await workbook.commit();
          await file.commit();
        },
        discard: () => workbook.discard(),
      };
    }
  }
}

/** The text of a file: a head, a piece per site, and a tail that may depend on the count. */
interface TextLayout {
  head: string;
  site(site: SiteReport, position: number): string;
  tail(sites: number): string;
}

async function textWriter(file: TemporaryFile, layout: TextLayout): Promise<SiteFileWriter> {
  await file.writer.write(layout.head);
  let position = 0;
  return {
    async add(site) {
      const text = layout.site(site, position);
      position += 1;
      if (text !== '') await file.writer.write(text);
    },
    async commit() {
      await file.writer.write(layout.tail(position));
      await file.commit();
    },
  };
}
