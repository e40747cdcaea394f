import type { OpenedReport } from './read-report.ts';

/** "old report x is partial: 50 of 100 sites", or null for a whole report. */
export function partialNote(role: string, report: OpenedReport): string | null {
  if (report.header.complete) return null;
  return (
    `${role} report ${report.path} is partial: ${report.header.sites_done} of ` +
    `${report.header.sites_total} sites; sites it lacks show as added or removed`
  );
}
