import { describe, expect, it } from 'vitest';
import {
  buildCommentBody,
  capMarkdown,
  commentMarker,
  MAX_COMMENT_LENGTH,
  reportHasChanges,
  shouldWriteComment,
} from '../../harness/github/comment-policy.js';
import { metric, regressedWorkload, report, workload } from './reports.js';

const clean = report([workload('a')]);
const improved = report([
  workload('a', { status: 'improved', metrics: [metric('alloc.perOp', { status: 'improved', change: -0.3 })] }),
]);
const regressed = report([regressedWorkload('a')]);

describe('shouldWriteComment', () => {
  it('posts a new comment according to the mode', () => {
    const table = [
      ['always', clean, true],
      ['always', regressed, true],
      ['on-change', clean, false],
      ['on-change', improved, true],
      ['on-change', regressed, true],
      ['on-regression', improved, false],
      ['on-regression', regressed, true],
      ['never', regressed, false],
    ] as const;
    for (const [mode, value, expected] of table)
      expect(shouldWriteComment(mode, value, false), `${mode}/${value.status}`).toBe(expected);
  });

  it('keeps an existing comment current in every mode but never', () => {
    expect(shouldWriteComment('on-change', clean, true)).toBe(true);
    expect(shouldWriteComment('on-regression', clean, true)).toBe(true);
    expect(shouldWriteComment('never', regressed, true)).toBe(false);
  });
});

describe('reportHasChanges', () => {
  it('counts regressions, improvements, new and missing metrics, not noise', () => {
    expect(reportHasChanges(clean)).toBe(false);
    expect(reportHasChanges(report([workload('a', { metrics: [metric('rss.peak', { status: 'noise' })] })]))).toBe(
      false,
    );
    expect(
      reportHasChanges(
        report([workload('a', { metrics: [metric('rss.peak', { status: 'missing', current: null })] })]),
      ),
    ).toBe(true);
    expect(reportHasChanges(improved)).toBe(true);
  });
});

describe('comment body', () => {
  it('starts with the marker line', () => {
    expect(buildCommentBody('### hello', 'api')).toBe(`${commentMarker('api')}\n### hello`);
  });

  it('caps an overlong body below the limit at a line end, closing an open fence', () => {
    const markdown = `### head\n${'````text\n'}${'line of stderr output\n'.repeat(5000)}`;
    const body = buildCommentBody(markdown, 'default');
    expect(body.length).toBeLessThan(MAX_COMMENT_LENGTH);
    expect(body).toMatch(/output\n````\n\n> \[!NOTE\]\n> This comment was cut/);
  });

  it('leaves markdown that fits untouched', () => {
    expect(capMarkdown('a\nb', 10)).toBe('a\nb');
    expect(capMarkdown('```\nx\n```\n'.repeat(3), 1000)).toBe('```\nx\n```\n'.repeat(3));
  });
});
