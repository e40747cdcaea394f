import type { CheckStatus } from '../checks/check-table.ts';
import type { Phrase } from '../i18n/phrases.ts';
import { renderPhrase } from '../i18n/render.ts';
import type { CheckResult } from './judge-types.ts';

/**
 * A check result with its details after status and summary (the order report.json shows). The
 * summary is the phrase in English; its code and parameters stay beside it for other languages.
 */
export function checkResult(
  status: CheckStatus,
  summary: Phrase,
  details: Record<string, unknown> = {},
): CheckResult {
  return {
    status,
    summary: renderPhrase(summary),
    summary_code: summary.code,
    summary_params: summary.params,
    ...details,
  };
}

/** The phrase a check result was made from. */
export function summaryPhrase(result: CheckResult): Phrase {
  return { code: result.summary_code, params: result.summary_params } as Phrase;
}
