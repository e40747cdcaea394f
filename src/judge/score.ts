import {
  CHECK_TABLE,
  SCORE_GROUPS,
  type CheckId,
  type ScoreGroupId,
} from '../checks/check-table.ts';
import type { CheckResult } from './judge-types.ts';

/**
 * SPEC score, from CHECK_TABLE and SCORE_GROUPS: a group (the home page's three required checks,
 * the two mail checks) earns its points only when every member that ran passes; a check with a
 * `ratio` (links) earns weight x ratio when it passed or failed; any other check earns its weight
 * when it passed, and nothing for fail, warn (web_latency6 warns: 0) or error. Skipped checks,
 * and groups whose members were all skipped, leave the total, and the rest is scaled to 100.
 * One decimal.
 */
export function computeScore(checks: Record<CheckId, CheckResult>): number {
  let earned = 0;
  let available = 0;
  for (const [group, { weight }] of Object.entries(SCORE_GROUPS) as [
    ScoreGroupId,
    { weight: number },
  ][]) {
    const ran = CHECK_TABLE.filter(
      (row) => row.scoreGroup === group && checks[row.id].status !== 'skip',
    );
    if (ran.length === 0) continue;
    available += weight;
    if (ran.every((row) => checks[row.id].status === 'pass')) earned += weight;
  }
  for (const row of CHECK_TABLE) {
    if (row.scoreGroup || row.weight === 0) continue;
    const result = checks[row.id];
    if (result.status === 'skip') continue;
    available += row.weight;
    earned += row.weight * earnedShare(result);
  }
  if (available === 0) return 0;
  return Math.round((1000 * earned) / available) / 10;
}

function earnedShare(result: CheckResult): number {
  const ratio = result.ratio;
  if (typeof ratio === 'number' && (result.status === 'pass' || result.status === 'fail')) {
    return Math.min(1, Math.max(0, ratio));
  }
  return result.status === 'pass' ? 1 : 0;
}
