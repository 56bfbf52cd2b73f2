import { describe, expect, it } from 'vitest';
import { baselineFileStem } from '../../harness/baseline/file-name.js';

describe('baselineFileStem', () => {
  it('keeps a defineWorkload name as it is, so existing baselines keep their files', () => {
    expect(baselineFileStem('parse-order')).toBe('parse-order');
    expect(baselineFileStem('json.v2_fast')).toBe('json.v2_fast');
  });

  it('flattens a bench task name to a portable stem plus a hash of the full name', () => {
    const stem = baselineFileStem('bench/arrays.bench.ts#arrays > fill');
    expect(stem).toMatch(/^bench_arrays\.bench\.ts#arrays_fill\.[0-9a-f]{8}$/);
    expect(stem).not.toMatch(/[/\\ <>:"|?*]/);
  });

  it('gives names that flatten alike different stems', () => {
    const a = baselineFileStem('bench/a.bench.ts#x > y');
    const b = baselineFileStem('bench/a.bench.ts#x / y');
    expect(a.replace(/\.[0-9a-f]{8}$/, '')).toBe(b.replace(/\.[0-9a-f]{8}$/, ''));
    expect(a).not.toBe(b);
  });
});
