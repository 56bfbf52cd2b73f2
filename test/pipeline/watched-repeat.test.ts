// Which of a contended repeat and its re-run is kept, and what is left of the re-run budget.
import { describe, expect, it } from 'vitest';
import { keepCalmer, type RerunBudget } from '../../harness/pipeline/watched-repeat.js';
import type { RepeatPressure } from '../../harness/compare/contention.js';

const run = (cpuWait: number): { pressure: RepeatPressure } => ({
  pressure: { cpuWait, stall: 0.5, loadPerCore: 1.5, cpuPerWall: 0.6 },
});

describe('keepCalmer', () => {
  it('keeps a calmer re-run and leaves the budget for another', () => {
    const budget: RerunBudget = { left: 2 };
    const kept = run(0.45);
    const again = run(0.1);
    expect(keepCalmer(kept, again, budget)).toBe(again);
    expect(budget.left).toBe(2);
  });

  it('keeps the first run when the re-run is no calmer, and spends the rest of the budget', () => {
    const budget: RerunBudget = { left: 2 };
    const kept = run(0.35);
    expect(keepCalmer(kept, run(0.4), budget)).toBe(kept);
    expect(budget.left).toBe(0);
    const equal = { left: 3 };
    expect(keepCalmer(kept, run(0.35), equal)).toBe(kept);
    expect(equal.left).toBe(0);
  });

  it('falls back to the PSI stall share when the thread wait is unknown', () => {
    const budget: RerunBudget = { left: 1 };
    const kept = { pressure: { cpuWait: null, stall: 0.6, loadPerCore: 2, cpuPerWall: null } };
    const again = { pressure: { cpuWait: null, stall: 0.2, loadPerCore: 2, cpuPerWall: null } };
    expect(keepCalmer(kept, again, budget)).toBe(again);
    expect(budget.left).toBe(1);
  });

  it('counts a re-run that lost less to the host as calmer, at the same wait', () => {
    const stolen = (steal: number) => ({ pressure: { ...run(0.02).pressure, steal } });
    const budget: RerunBudget = { left: 2 };
    const kept = stolen(0.11);
    const again = stolen(0.06);
    expect(keepCalmer(kept, again, budget)).toBe(again);
    expect(budget.left).toBe(2);
    expect(keepCalmer(again, stolen(0.08), budget)).toBe(again);
    expect(budget.left).toBe(0);
  });
});
