// A readable diff of one baseline against its previous version, for review in
// the terminal before the file is committed. Per-repeat samples are left out:
// the median and spread already say what moved, and ten changed sample lines
// per metric would bury it.
import { diffString } from 'json-diff';
import type { Baseline } from './schema.js';
import { formatValue } from '../units/format.js';

export interface DiffOptions {
  readonly color: boolean;
}

/** The diff text, or '' when nothing but samples changed. A new baseline lists its medians instead of a whole-file diff. */
export function diffBaselines(before: Baseline | undefined, after: Baseline, options: DiffOptions): string {
  if (!before) return describeNew(after);
  return diffString(withoutSamples(before), withoutSamples(after), { color: options.color, maxElisions: 1 }).trimEnd();
}

function describeNew(baseline: Baseline): string {
  const lines = Object.entries(baseline.metrics).map(
    ([id, m]) => `  + ${id}: ${formatValue(m.median, m.unit)} (± ${formatValue(m.spread, m.unit)})`,
  );
  return [
    `  ${lines.length} metrics, ${baseline.settings.repeats} repeats, node ${baseline.env.node} ${baseline.env.platform} ${baseline.env.arch}`,
    ...lines,
  ].join('\n');
}

function withoutSamples(baseline: Baseline | undefined): object {
  if (!baseline) return {};
  const metrics = Object.fromEntries(
    Object.entries(baseline.metrics).map(([id, { samples: _samples, ...rest }]) => [id, rest]),
  );
  return { ...baseline, metrics };
}

export interface UpdateTally {
  updated: number;
  added: number;
  unchanged: number;
  failed: number;
}

/** "updated 2 baselines, added 1, unchanged 3" (and "failed 1" when a workload could not be measured). */
export function formatUpdateSummary(tally: UpdateTally): string {
  const parts = [
    `updated ${tally.updated} baseline${tally.updated === 1 ? '' : 's'}`,
    `added ${tally.added}`,
    `unchanged ${tally.unchanged}`,
  ];
  if (tally.failed > 0) parts.push(`failed ${tally.failed}`);
  return parts.join(', ');
}
