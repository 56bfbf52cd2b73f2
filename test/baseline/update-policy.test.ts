import { describe, expect, it } from 'vitest';
import { matchesGlob, refusalReason, resolveUpdateMode, shouldWrite } from '../../harness/baseline/update-policy.js';
import { diffBaselines, formatUpdateSummary } from '../../harness/baseline/diff.js';
import { fromMeasurement } from '../../harness/baseline/store.js';
import { measurement } from '../fixtures/compare/make.js';

const branches = ['main', 'master', 'release/*'];

describe('resolveUpdateMode', () => {
  it('defaults: new locally, none when CI is set; -u is all; --update=mode as given', () => {
    expect(resolveUpdateMode(undefined, {})).toEqual({ mode: 'new', explicit: false });
    expect(resolveUpdateMode(undefined, { CI: 'true' })).toEqual({ mode: 'none', explicit: false });
    expect(resolveUpdateMode(true, { CI: 'true' })).toEqual({ mode: 'all', explicit: true });
    expect(resolveUpdateMode('new', {})).toEqual({ mode: 'new', explicit: true });
    expect(() => resolveUpdateMode('json', {})).toThrow(
      '--update: expected one of all, new or none, found "json" — write --update=new, or -u for all',
    );
  });

  it('shouldWrite', () => {
    expect([
      shouldWrite('all', true),
      shouldWrite('new', true),
      shouldWrite('new', false),
      shouldWrite('none', false),
    ]).toEqual([true, false, true, false]);
  });
});

describe('the update gate', () => {
  const gate = (over: object) => ({ env: {}, branch: 'main', branches, force: false, explicit: true, ...over });

  it('refuses on pull_request* events, even for implicit new baselines, unless forced', () => {
    for (const event of ['pull_request', 'pull_request_target']) {
      expect(refusalReason(gate({ env: { GITHUB_EVENT_NAME: event } }))).toMatch(
        new RegExp(`not updated on a ${event} event`),
      );
      expect(refusalReason(gate({ env: { GITHUB_EVENT_NAME: event }, explicit: false }))).toBeDefined();
      expect(refusalReason(gate({ env: { GITHUB_EVENT_NAME: event }, force: true }))).toBeUndefined();
    }
    expect(refusalReason(gate({ env: { GITHUB_EVENT_NAME: 'push' } }))).toBeUndefined();
  });

  it('refuses explicit updates on branches outside update.branches; implicit new ones are allowed', () => {
    expect(refusalReason(gate({ branch: 'release/2.1' }))).toBeUndefined();
    expect(refusalReason(gate({ branch: 'feature/x' }))).toBe(
      'branch "feature/x" does not match update.branches (main, master, release/*) — update on one of those, add the branch to update.branches in the config, or pass --force',
    );
    expect(refusalReason(gate({ branch: 'feature/x', explicit: false }))).toBeUndefined();
    expect(refusalReason(gate({ branch: null }))).toMatch(/git branch is unknown/);
    expect(refusalReason(gate({ branch: 'feature/x', force: true }))).toBeUndefined();
  });

  it('branch globs: * within a segment, ** across', () => {
    expect(matchesGlob('release/1.2', 'release/*')).toBe(true);
    expect(matchesGlob('release/1.2/hotfix', 'release/*')).toBe(false);
    expect(matchesGlob('release/1.2/hotfix', 'release/**')).toBe(true);
    expect(matchesGlob('mainline', 'main')).toBe(false);
    expect(matchesGlob('v1.x', 'v?.x')).toBe(true);
  });
});

describe('update output', () => {
  it('diffs medians and spreads, not the per-repeat samples', () => {
    const recorded = { at: '2026-01-01T00:00:00.000Z', commit: 'a', branch: 'main' };
    const before = fromMeasurement(measurement({ 'alloc.perOp': [612, 612, 612] }), recorded);
    const after = fromMeasurement(measurement({ 'alloc.perOp': [700, 700, 701] }), {
      ...recorded,
      at: '2026-02-01T00:00:00.000Z',
    });
    const text = diffBaselines(before, after, { color: false });
    expect(text).toContain('-      median: 612\n+      median: 700');
    expect(text).toContain('-    at: "2026-01-01T00:00:00.000Z"');
    expect(text).not.toContain('samples');
    expect(text).not.toContain('\x1b[');
    expect(diffBaselines(before, before, { color: false })).toBe('');
    expect(diffBaselines(undefined, before, { color: false })).toBe(
      '  1 metrics, 5 repeats, node v20.20.2 linux x64\n  + alloc.perOp: 612 B/op (± 0 B/op)',
    );
  });

  it('one-line summary', () => {
    expect(formatUpdateSummary({ updated: 2, added: 1, unchanged: 3, failed: 0 })).toBe(
      'updated 2 baselines, added 1, unchanged 3',
    );
    expect(formatUpdateSummary({ updated: 1, added: 0, unchanged: 0, failed: 1 })).toBe(
      'updated 1 baseline, added 0, unchanged 0, failed 1',
    );
  });
});
