import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Terms } from '../i18n/terms.ts';
import type { ReportHeader } from './group-shares.ts';
import { htmlReport } from './html/html-report.ts';
import { REPORT_HTML, REPORT_XLSX, SUMMARY_MD } from './report-files.ts';
import type { SiteReport } from './report-types.ts';
import { summaryMarkdown } from './summary-markdown.ts';
import { writeXlsxReport } from './xlsx-report.ts';

export const HUMAN_FORMATS = ['html', 'xlsx', 'md'] as const;
export type HumanFormat = (typeof HUMAN_FORMATS)[number];

/** The sites in input order, as many times as a renderer needs them (each call starts over). */
export type SiteSource = () => AsyncIterable<SiteReport> | Iterable<SiteReport>;

/**
 * Writes the reports for people (report.html, report.xlsx, summary.md) into outDir, each through
 * a temporary file renamed into place, so that a reader never sees half a report. Each renderer
 * reads the header and one pass over the sites, so a streaming reader of sites.jsonl can feed it.
 */
export async function writeHumanReports(
  outDir: string,
  header: ReportHeader,
  sites: SiteSource,
  options: { formats: readonly HumanFormat[]; terms: Terms; baseline?: ReportHeader },
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const { terms, baseline } = options;
  const written: string[] = [];
  for (const format of options.formats) {
    if (format === 'md') {
      const file = join(outDir, SUMMARY_MD);
      await atomically(file, (temporary) =>
        writeFile(temporary, summaryMarkdown(header, terms, baseline), 'utf8'),
      );
      written.push(file);
    } else if (format === 'html') {
      const file = join(outDir, REPORT_HTML);
      await atomically(file, (temporary) =>
        writeChunks(temporary, htmlReport(header, sites(), terms, baseline)),
      );
      written.push(file);
    } else {
      const file = join(outDir, REPORT_XLSX);
      await atomically(file, (temporary) =>
        writeXlsxReport(temporary, header, sites(), terms, baseline),
      );
      written.push(file);
    }
  }
  return written;
}

async function writeChunks(path: string, chunks: AsyncIterable<string>): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const failed = once(stream, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => undefined);
  try {
    for await (const chunk of chunks) {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
    }
  } finally {
    stream.end();
  }
  await Promise.race([once(stream, 'finish'), failed]);
}

async function atomically(
  path: string,
  write: (temporary: string) => Promise<void>,
): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
