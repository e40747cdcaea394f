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
    expect(targets[0]).toMatchObject({
      host: 'www.hangzhou.gov.cn',
      index: 0,
      owner: '杭州市人民政府办公厅',
    });
    const hosts = targets.map((target) => (target.valid ? target.host : ''));
    // The three telecom operators and the named commercial kinds are on the list.
    for (const host of [
      'www.189.cn',
      'www.10086.cn',
      'www.10010.com',
      'www.taobao.com',
      'www.wasu.cn',
    ])
      expect(hosts).toContain(host);
  });

  it('says in the file that it must be checked before official use', async () => {
    const { readFile } = await import('node:fs/promises');
    const { DEFAULT_TARGETS_PATH } = await import('../../src/targets/default-targets.ts');
    expect(await readFile(DEFAULT_TARGETS_PATH, 'utf8')).toMatch(
      /CHECK THIS LIST[\s\S]*BEFORE OFFICIAL USE/,
    );
  });

  it('--top on the default list keeps the best-ranked commercial sites', async () => {
    const targets = await readAll(loadDefaultTargets({ top: 2 }));
    expect(targets.map((target) => (target.valid ? target.host : ''))).toEqual([
      'www.taobao.com',
      'www.163.com',
    ]);
  });
});
