/**
 * The layout of report.json: 2-space JSON with the header first and each site a block at 4 spaces
 * on lines of its own, which is what lets readLaidOutReport find the sites without parsing the
 * whole file.
 */
import type { ReportHeader, SiteReport } from './report-types.ts';

/** Everything before the first site, up to and including the line that opens the sites list. */
export function reportJsonHead(header: ReportHeader): string {
  // Key order as SPEC lists it, with the completeness fields beside the options they qualify.
  const { schema, tool, started_at, finished_at, options, complete, sites_done, sites_total } =
    header;
  const headerJson = JSON.stringify(
    {
      schema,
      tool,
      started_at,
      finished_at,
      options,
      complete,
      sites_done,
      sites_total,
      summary: header.summary,
      ...(header.merged_from ? { merged_from: header.merged_from } : {}),
    },
    null,
    2,
  );
  // The header object ends in "\n}"; the sites list goes where that brace was.
  return `${headerJson.slice(0, -2)},\n  "sites": [`;
}

/** The end of a report.json whose head reportJsonHead wrote and whose sites (if any) followed. */
export function reportJsonTail(sitesWritten: number): string {
  return sitesWritten === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

/** Where a site's block sits in JSON.stringify of a one-site list one level down. */
const NESTED_OPEN = '{\n  "s": [\n'.length;
const NESTED_CLOSE = '\n  ]\n}'.length;

/**
 * A site's block, led by the comma and line end that separate it from the site before. The
 * block is JSON.stringify(site, null, 2) with every line indented by 4 more spaces, produced by
 * stringifying the site two levels down and slicing it out: one pass, no re-indenting.
 */
export function reportJsonSite(site: SiteReport, first: boolean): string {
  const nested = JSON.stringify({ s: [site] }, null, 2);
  return `${first ? '\n' : ',\n'}${nested.slice(NESTED_OPEN, -NESTED_CLOSE)}`;
}
