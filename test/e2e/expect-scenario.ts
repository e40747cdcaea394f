/** Compares one site of a scan with its scenario, in report.json and in report.csv at once. */
import { expect } from 'vitest';
import type { CheckId, CheckStatus } from '../../src/checks/check-table.ts';
import { linkMismatches } from './expect-links.ts';
import type { ScanRun } from './lab/scanner.ts';
import type { Scenario, StatusExpectation } from './scenarios.ts';

const SCORE_TOLERANCE = 0.05;

function matches(expected: StatusExpectation, actual: string | undefined): boolean {
  return typeof expected === 'string'
    ? actual === expected
    : expected.includes(actual as CheckStatus);
}

function show(expected: StatusExpectation): string {
  return typeof expected === 'string' ? expected : expected.join('|');
}

/** Why a run has no usable report, for the first failing assertion. */
export function describeRun(run: ScanRun): string {
  const stderrTail = run.stderr.trim().split('\n').slice(-20).join('\n');
  return `${run.argv.join(' ')}\nexit ${run.exitCode} after ${Math.round(run.elapsedMs)} ms\n${stderrTail}`;
}

export function expectScenario(run: ScanRun, scenario: Scenario): void {
  expect(run.report, `no report.json\n${describeRun(run)}`).not.toBeNull();
  expect(run.csv, `no report.csv\n${describeRun(run)}`).not.toBeNull();
  const site = run.report?.sites.find((candidate) => candidate.target === scenario.target);
  const row = run.csv?.rows.find((candidate) => candidate.target === scenario.target);
  expect(site, `report.json has no site ${scenario.target}`).toBeDefined();
  expect(row, `report.csv has no row ${scenario.target}`).toBeDefined();
  if (!site || !row) return;

  const mismatches: string[] = [];
  if (site.verdict !== scenario.verdict) {
    mismatches.push(`report.json verdict ${site.verdict}, expected ${scenario.verdict}`);
  }
  if (row.verdict !== scenario.verdict) {
    mismatches.push(`report.csv verdict ${row.verdict}, expected ${scenario.verdict}`);
  }
  if (scenario.score !== undefined) {
    // The report rounds the score to one decimal.
    if (Math.abs(site.score - scenario.score) > SCORE_TOLERANCE) {
      mismatches.push(`report.json score ${site.score}, expected ${scenario.score}`);
    }
    if (!(Math.abs(Number(row.score) - scenario.score) <= SCORE_TOLERANCE)) {
      mismatches.push(`report.csv score ${row.score}, expected ${scenario.score}`);
    }
  }
  for (const [id, expected] of Object.entries(scenario.checks) as [string, StatusExpectation][]) {
    const jsonStatus: string | undefined = site.checks[id as CheckId]?.status;
    if (!matches(expected, jsonStatus)) {
      mismatches.push(`report.json ${id} ${jsonStatus}, expected ${show(expected)}`);
    }
    if (!matches(expected, row[id])) {
      mismatches.push(`report.csv ${id} ${row[id]}, expected ${show(expected)}`);
    }
  }
  for (const [id, code] of Object.entries(scenario.failures ?? {})) {
    const details = JSON.stringify(site.checks[id as CheckId] ?? {});
    // The code itself, as a JSON string value, not the plain words of a summary.
    if (!details.includes(`"${code}"`)) {
      mismatches.push(`report.json ${id} does not name the failure ${code}`);
    }
  }
  for (const [id, words] of Object.entries(scenario.mentions ?? {})) {
    const details = JSON.stringify(site.checks[id as CheckId] ?? {});
    for (const word of words) {
      if (!details.includes(word)) mismatches.push(`report.json ${id} does not mention ${word}`);
    }
  }
  if (scenario.links) mismatches.push(...linkMismatches(site.checks, scenario.links));
  for (const [column, expected] of Object.entries(scenario.csv ?? {})) {
    if (row[column] !== expected) {
      mismatches.push(`report.csv ${column} ${row[column]}, expected ${expected}`);
    }
  }
  const evidence = JSON.stringify(
    { verdict: site.verdict, reasons: site.reasons, checks: site.checks },
    null,
    1,
  );
  expect(mismatches, `${scenario.target}:\n${evidence.slice(0, 6000)}`).toEqual([]);
}
