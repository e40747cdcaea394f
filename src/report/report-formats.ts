/** The formats a scan or `v6ready report` writes; kept apart so the CLI parses flags cheaply. */
export const HUMAN_FORMATS = ['html', 'xlsx', 'md'] as const;
export type HumanFormat = (typeof HUMAN_FORMATS)[number];

export const REPORT_FORMATS = [...HUMAN_FORMATS, 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A file a report writer writes: the formats a person asks for, and report.json itself. */
export type OutputFormat = ReportFormat | 'json';
