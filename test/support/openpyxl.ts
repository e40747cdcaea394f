/**
 * openpyxl (Debian's python3-openpyxl) as a second, independent reader of report.xlsx. Tests that
 * use it skip with a message when it is missing; `.ci/install-report-readers.sh` installs it.
 */
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** Debian's interpreter, which sees Debian's python3-openpyxl (a pyenv python3 would not). */
const PYTHON = '/usr/bin/python3';
const DUMP = path.join(import.meta.dirname, 'openpyxl-dump.py');

export const haveOpenpyxl =
  spawnSync(PYTHON, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0;
if (!haveOpenpyxl) {
  console.warn(
    `openpyxl checks skipped: ${PYTHON} cannot import openpyxl (bash .ci/install-report-readers.sh)`,
  );
}

/** [value, data type, number format, bold, vertical alignment, wrap]; a date as "date:ISO". */
export type OpenpyxlCell = [
  value: string | number | null,
  dataType: string,
  numberFormat: string,
  bold: boolean,
  vertical: string | null,
  wrap: boolean,
];

export interface OpenpyxlSheet {
  name: string;
  freeze_panes: string | null;
  auto_filter: string | null;
  widths: Record<string, number>;
  rows: OpenpyxlCell[][];
}

export interface OpenpyxlBook {
  creator: string | null;
  created: string | null;
  sheets: OpenpyxlSheet[];
}

export async function readWithOpenpyxl(file: string): Promise<OpenpyxlBook> {
  const { stdout } = await promisify(execFile)(PYTHON, [DUMP, file], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout) as OpenpyxlBook;
}
