import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_TABLE } from '../../src/checks/check-table.ts';
import { CSV_COLUMNS } from '../../src/report/csv.ts';

const doc = readFileSync(new URL('../../docs/REPORTS.md', import.meta.url), 'utf8');

describe('docs/REPORTS.md', () => {
  it.each(CHECK_TABLE.map((row) => [row.id, row] as const))(
    'lists every details key of %s that the check table declares',
    (id, row) => {
      const section = doc.split(`**\`${id}\`**`)[1]?.split('**`')[0] ?? '';
      for (const key of Object.keys(row.details))
        expect(section, `${id}.${key}`).toContain(`\`${key}\``);
    },
  );

  it('names every report.csv column', () => {
    for (const column of CSV_COLUMNS) expect(doc, column).toContain(`\`${column}\``);
  });
});
