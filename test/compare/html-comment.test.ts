import { describe, expect, it } from 'vitest';
import { commentEnd } from '../../src/compare/html-comment.ts';
import { pageSimilarity } from '../../src/compare/similarity.ts';
import { PORTAL } from './page-fixtures.ts';

describe('commentEnd (the HTML tokenizer rule that crawl and compare share)', () => {
  it.each([
    ['<!-- a -->after', 10],
    ['<!-- a --!>after', 11],
    ['<!-->after', 5],
    ['<!--->after', 6],
    ['<!-- never closed', 17],
  ])('%s resumes text at %i', (html, expected) => {
    expect(commentEnd(html, 0)).toBe(expected);
  });
});

describe('page comparison skips comments as a browser does', () => {
  it('text after a comment closed by --!> counts as content', () => {
    const body = PORTAL.slice(PORTAL.indexOf('<body'));
    const withBangComment = PORTAL.replace('<body', '<!-- build 42 --!><body');
    // Read with `-->` only, the comment would swallow the whole page and the two would differ.
    expect(pageSimilarity(withBangComment, PORTAL)).toBeGreaterThan(0.95);
    expect(body.length).toBeGreaterThan(1000);
  });
});
