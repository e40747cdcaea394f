import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Terms } from '../i18n/terms.ts';
import { htmlReport } from './html/html-report.ts';
import { REPORT_HTML, REPORT_XLSX, SUMMARY_MD } from './report-files.ts';
import type { HumanFormat } from './report-formats.ts';
import type { ReportHeader, SiteReport } from './report-types.ts';
import { summaryMarkdown } from './summary-markdown.ts';
import { writeFileAtomically, writeThroughTemporaryFile } from './write-atomically.ts';
import { writeXlsxReport } from './xlsx-report.ts';

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
      await writeFileAtomically(file, summaryMarkdown(header, terms, baseline));
      written.push(file);
    } else if (format === 'html') {
      const file = join(outDir, REPORT_HTML);
      await writeThroughTemporaryFile(file, async (temporary) => {
        for await (const chunk of htmlReport(header, sites(), terms, baseline)) {
          await temporary.writer.write(chunk);
        }
      });
      written.push(file);
    } else {
      const file = join(outDir, REPORT_XLSX);
      await writeThroughTemporaryFile(file, (temporary) =>
        writeXlsxReport(temporary.path, header, sites(), terms, baseline),
      );
      written.push(file);
    }
  }
  return written;
}
