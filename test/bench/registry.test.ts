import { describe, expect, it } from 'vitest';
import { benchRegistry, composeOp, resetBenchRegistry, type BenchTaskEntry } from '../../harness/bench/registry.js';

describe('composeOp', () => {
  it('returns the task itself when there are no per-op hooks, so a sync task stays a sync op', () => {
    const call = () => 1;
    expect(composeOp(call, undefined, undefined)).toBe(call);
  });

  it('chains sync hooks synchronously, in order', () => {
    const seen: string[] = [];
    const op = composeOp(
      () => seen.push('fn'),
      () => seen.push('before'),
      () => seen.push('after'),
    );
    expect(op()).not.toBeInstanceOf(Promise);
    expect(seen).toEqual(['before', 'fn', 'after']);
  });

  it('awaits async hooks and an async task before the next step', async () => {
    const seen: string[] = [];
    const later = (label: string) => () => Promise.resolve().then(() => seen.push(label));
    const op = composeOp(later('fn'), later('before'), later('after'));
    const result = op();
    expect(result).toBeInstanceOf(Promise);
    expect(seen).toEqual([]);
    await result;
    expect(seen).toEqual(['before', 'fn', 'after']);
  });
});

describe('benchRegistry', () => {
  const entry = (id: string, extra: Partial<BenchTaskEntry> = {}): BenchTaskEntry => ({
    id,
    source: 'vitest',
    only: false,
    skipped: false,
    fn: () => undefined,
    toWorkload: (name) => ({
      name,
      setup: () => Promise.resolve(undefined),
      op: () => undefined,
      teardown: () => Promise.resolve(),
    }),
    ...extra,
  });

  it('lives on globalThis until reset, so the generated task module finds it without importing memgate', () => {
    resetBenchRegistry();
    benchRegistry().add(entry('a'));
    const key = Symbol.for('memgate.bench.registry');
    expect((globalThis as Record<symbol, unknown>)[key]).toBe(benchRegistry());
    expect(benchRegistry().workloadOf('a', 'file#a').name).toBe('file#a');
    expect(() => benchRegistry().workloadOf('b', 'file#b')).toThrow(
      'memgate: the bench file no longer declares task "b" (tasks: "a")',
    );
    resetBenchRegistry();
    expect(benchRegistry().entries).toEqual([]);
  });

  it('narrows vitest entries to .only ones but keeps tinybench tasks', () => {
    resetBenchRegistry();
    const registry = benchRegistry();
    registry.add(entry('plain'));
    registry.add(entry('focused', { only: true }));
    registry.add(entry('skipped only', { only: true, skipped: true }));
    registry.add(entry('tiny', { source: 'tinybench' }));
    expect(registry.selected().map((e) => e.id)).toEqual(['focused', 'tiny']);
    resetBenchRegistry();
  });
});
