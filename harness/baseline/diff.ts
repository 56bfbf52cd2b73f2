// A readable diff of one baseline against its previous version, for review in
// the terminal before the file is committed. Per-repeat samples are left out:
// the median and spread already say what moved, and ten changed sample lines
// per metric would bury it.
import { diffString } from 'json-diff';
import type { Baseline } from './schema.js';

export interface DiffOptions {
  readonly color: boolean;
}

/** The diff text, or '' when nothing but samples changed. */
export function diffBaselines(before: Baseline | undefined, after: Baseline, options: DiffOptions): string {
  return diffString(withoutSamples(before), withoutSamples(after), { color: options.color, maxElisions: 1 }).trimEnd();
}

function withoutSamples(baseline: Baseline | undefined): object {
  if (!baseline) return {};
  const metrics = Object.fromEntries(Object.entries(baseline.metrics).map(([id, { samples: _samples, ...rest }]) => [id, rest]));
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
  const parts = [`updated ${tally.updated} baseline${tally.updated === 1 ? '' : 's'}`, `added ${tally.added}`, `unchanged ${tally.unchanged}`];
  if (tally.failed > 0) parts.push(`failed ${tally.failed}`);
  return parts.join(', ');
}
