import type { PhraseCode, PhraseParams, Reason } from '../i18n/phrases.ts';
import type { CheckId, CheckRole, CheckStatus, ThresholdName } from '../checks/check-table.ts';

export type Verdict = 'error' | 'unreachable' | 'non_compliant' | 'partial' | 'compliant';

export const VERDICTS: readonly Verdict[] = [
  'error',
  'unreachable',
  'non_compliant',
  'partial',
  'compliant',
];

/** One check's outcome: status plus details that explain it (copied into report.json). */
export interface CheckResult {
  status: CheckStatus;
  /** Plain words for a reason line when the check kept the site from compliant. */
  summary: string;
  /** The summary as a code and parameters (src/i18n/phrases.ts), to render in any language. */
  summary_code: PhraseCode;
  summary_params: PhraseParams[PhraseCode];
  [detail: string]: unknown;
}

export interface Profile {
  name: string;
  roles: Record<CheckId, CheckRole>;
  thresholds: Record<ThresholdName, number>;
}

export interface Judgement {
  verdict: Verdict;
  score: number;
  /** `reason_codes` in English words (SPEC `reasons`). */
  reasons: string[];
  reason_codes: Reason[];
  checks: Record<CheckId, CheckResult>;
}
