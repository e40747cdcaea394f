import { readAll } from '../support/read-all.ts';
import { describe, expect, it } from 'vitest';
import { loadDefaultTargets } from '../../src/targets/default-targets.ts';

describe('loadDefaultTargets', () => {
  it('reads the embedded list: every row valid, each with a category and an owner', async () => {
    const targets = await readAll(loadDefaultTargets());
    expect(targets.length).toBeGreaterThanOrEqual(20);
    for (const target of targets) {
      expect(target).toMatchObject({ valid: true, owner: expect.any(String) });
      expect(['government', 'commercial']).toContain(target.category);
    }
    expect(targets[0]).toMatchObject({ host: 'www.gov.cn', index: 0, owner: '国务院办公厅' });
  });

  it('--top on the default list keeps the best-ranked commercial sites', async () => {
    const targets = await readAll(loadDefaultTargets({ top: 2 }));
    expect(targets.map((target) => (target.valid ? target.host : ''))).toEqual([
      'www.baidu.com',
      'www.qq.com',
    ]);
  });
});
