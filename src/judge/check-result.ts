import type { CheckStatus } from '../checks/check-table.ts';
import type { CheckResult } from './judge-types.ts';

/** A check result with its details after status and summary (the order report.json shows). */
export function checkResult(
  status: CheckStatus,
  summary: string,
  details: Record<string, unknown> = {},
): CheckResult {
  return { status, summary, ...details };
}
