import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../src/cli/progress-line.ts';

function logStream(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = {
    isTTY: false,
    write: (text: string) => {
      lines.push(text);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe('ProgressLine off a terminal', () => {
  it('while the input is still being read, prints a line every 1000 sites with "?" as total', () => {
    const { stream, lines } = logStream();
    const progress = new ProgressLine(null, stream);
    for (let site = 0; site < 2500; site += 1) progress.siteDone('compliant');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^v6ready 2000\/\? sites/);
  });

  it('once the total is known, prints every tenth of it', () => {
    const { stream, lines } = logStream();
    const progress = new ProgressLine(null, stream);
    for (let site = 0; site < 10; site += 1) progress.siteDone('partial');
    progress.setTotal(20);
    for (let site = 0; site < 10; site += 1) progress.siteDone('partial');
    expect(lines.map((line) => line.split(' ')[1])).toEqual([
      '11/20',
      '12/20',
      '14/20',
      '16/20',
      '18/20',
      '20/20',
    ]);
  });
});
