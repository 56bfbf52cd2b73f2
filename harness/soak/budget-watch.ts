// Budgets a soak can check on every tree sample, so a breach stops it at
// once instead of at the end: "rss.peak <= 40MB" is over the moment one
// sample is (the final report's rss.peak is that same maximum). Pure.
import type { Budget } from '../compare/budget.js';
import type { TreeSample } from '../model/raw-run.js';
import { formatValue } from '../units/format.js';

export interface BudgetBreach {
  readonly resource: 'rss' | 'fd';
  /** The budget's metric id. */
  readonly metric: string;
  readonly value: number;
  readonly limit: number;
  readonly message: string;
}

/** Peak budgets read straight off a tree sample: the tree's RSS and open descriptors. */
const LIVE_BUDGETS = [
  { metric: 'rss.peak', resource: 'rss', unit: 'bytes', read: (s: TreeSample) => s.rss },
  { metric: 'fd.peak', resource: 'fd', unit: 'count', read: (s: TreeSample) => s.fds },
] as const;

/** The first live budget the sample is over, or undefined. */
export function budgetBreachOf(
  sample: TreeSample,
  budgets: Readonly<Record<string, Budget>>,
): BudgetBreach | undefined {
  for (const live of LIVE_BUDGETS) {
    const max = budgets[live.metric]?.max;
    const value = live.read(sample);
    if (max === undefined || value === null || value <= max) continue;
    return {
      resource: live.resource,
      metric: live.metric,
      value,
      limit: max,
      message: `${live.metric} ${formatValue(value, live.unit)} is over its budget of ${formatValue(max, live.unit)}: the soak stopped at once`,
    };
  }
  return undefined;
}
