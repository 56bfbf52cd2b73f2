// Budgets: absolute limits that fail regardless of the baseline, as service
// teams write acceptance criteria ("rss.peak <= 40MB"). Checked on the median
// over the repeats — one slow repeat on a shared runner must not fail a
// budget, and a limit breached by most repeats must. Pure.
import { formatValue } from '../units/format.js';

export interface Budget {
  readonly max?: number;
  readonly min?: number;
}

export interface BudgetBreach {
  readonly limit: number;
  readonly side: 'max' | 'min';
  readonly reason: string;
}

/** The breach of `budget` by `median`, or undefined when within it. */
export function checkBudget(median: number, budget: Budget | undefined, unit: string): BudgetBreach | undefined {
  if (!budget) return undefined;
  if (budget.max !== undefined && median > budget.max) {
    return {
      limit: budget.max,
      side: 'max',
      reason: `median ${formatValue(median, unit)} > budget ${formatValue(budget.max, unit)} (max)`,
    };
  }
  if (budget.min !== undefined && median < budget.min) {
    return {
      limit: budget.min,
      side: 'min',
      reason: `median ${formatValue(median, unit)} < budget ${formatValue(budget.min, unit)} (min)`,
    };
  }
  return undefined;
}

/** "within budget ≤ 40 MB" for reasons of metrics that have one. */
export function describeBudget(budget: Budget, unit: string): string {
  const parts: string[] = [];
  if (budget.max !== undefined) parts.push(`≤ ${formatValue(budget.max, unit)}`);
  if (budget.min !== undefined) parts.push(`≥ ${formatValue(budget.min, unit)}`);
  return `within budget ${parts.join(' and ')}`;
}
