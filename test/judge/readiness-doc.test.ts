import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_TABLE, SCORE_GROUPS } from '../../src/checks/check-table.ts';

const doc = readFileSync(new URL('../../docs/READINESS.md', import.meta.url), 'utf8');

describe('docs/READINESS.md', () => {
  it.each(CHECK_TABLE.map((row) => [row.id, row] as const))(
    'lists %s with its default role and points from CHECK_TABLE',
    (id, row) => {
      const line = doc
        .split('\n')
        .find((candidate) => new RegExp(`^\\|\\s*\`${id}\`\\s*\\|`).test(candidate));
      expect(line, `no table row for ${id}`).toBeDefined();
      const [, , role, points] = (line ?? '').split('|').map((cell) => cell.trim());
      expect(role).toBe(row.defaultRole);
      const weight = row.scoreGroup ? SCORE_GROUPS[row.scoreGroup].weight : row.weight;
      expect(points).toMatch(new RegExp(`\\b${weight}\\b`));
    },
  );
});
