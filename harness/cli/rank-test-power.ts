// With few repeats the one-sided rank test cannot reach significance at all:
// with 2 baseline samples and 2 current ones the smallest p-value there is is
// 1/6, so at alpha 0.05 a noisy metric could never regress, however far it
// moved — and nothing said so. This finds that case before measuring.
import type { Baseline } from '../baseline/schema.js';
import { defaultRule } from '../compare/defaults.js';
import { isKnownMetricId, metricInfo } from '../model/catalogue.js';
import { SEPARATION_FACTOR, smallestRankP } from '../compare/metric.js';
import type { ResolvedWorkload } from '../workload/types.js';

/** A warning line when the rank-tested metrics of `workload` cannot reach p < alpha against `baseline`; else undefined. */
export function rankTestPowerWarning(workload: ResolvedWorkload, baseline: Baseline | undefined): string | undefined {
  if (!baseline) return undefined;
  const { policy } = workload;
  const current = workload.settings.repeats;
  const tested = Object.entries(baseline.metrics).filter(([id, metric]) => {
    if (!isKnownMetricId(id) || metric.samples.length === 0) return false;
    const rule = policy.rules[id] ?? defaultRule(metricInfo(id, policy.custom[id]));
    return rule.gate && rule.test;
  });
  if (tested.length === 0) return undefined;
  const recorded = Math.min(...tested.map(([, metric]) => metric.samples.length));
  const smallest = smallestRankP(recorded, current);
  if (smallest < policy.alpha) return undefined;
  let enough = current;
  while (enough < 100 && smallestRankP(recorded, enough) >= policy.alpha) enough++;
  const fix =
    enough < 100
      ? `use --repeats ${enough} or more`
      : `re-record the baseline with more repeats (it has ${recorded} samples)`;
  return `${workload.relativeFile}: workload "${workload.name}": with ${recorded} baseline and ${current} current repeat(s) the rank test cannot reach p < ${policy.alpha} (the smallest possible p is ${smallest.toPrecision(2)}), so noisy metrics such as ${tested[0]?.[0]} regress only with every repeat apart and a change over ${SEPARATION_FACTOR}× the spread (memory and counts) or not at all (wall-clock) — ${fix}`;
}
