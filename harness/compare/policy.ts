// The comparison policy of one workload: default rules <- config thresholds
// and budgets <- the workload's own, with human units parsed against each
// metric's catalogue unit. Pure.
import { MemgateError, formatKeyPath } from '../errors.js';
import { isKnownMetricId, METRIC_CATALOGUE, metricInfo, type MetricInfo } from '../model/catalogue.js';
import { parseMetricValue } from '../units/parse.js';
import type { Config } from '../config/schema.js';
import type { BudgetInput, ThresholdInput } from '../config/fields.js';
import type { Workload } from '../config/workload-schema.js';
import { defaultRule, type MetricRule } from './defaults.js';
import type { Budget } from './budget.js';

export interface Policy {
  /** Significance level of the one-sided rank test. */
  readonly alpha: number;
  /** Re-runs that must confirm a noisy regression before it stands. */
  readonly confirmRuns: number;
  /** Gate noisy metrics even when the environment differs from the baseline's. */
  readonly strict: boolean;
  /** Relative change below which a metric is `unchanged` (default: its threshold). */
  readonly noiseFloor: number | undefined;
  /** Rules that differ from the defaults, by metric id. */
  readonly rules: Readonly<Record<string, MetricRule>>;
  readonly budgets: Readonly<Record<string, Budget>>;
  /** Units, directions and noise classes of the workload's custom metrics. */
  readonly custom: Readonly<Record<string, Partial<Omit<MetricInfo, 'id'>>>>;
}

type PolicyConfig = Pick<Config, 'thresholds' | 'budgets' | 'compare'> & { readonly configFile?: string | undefined };

export interface PolicySource {
  /** Shown in errors about the workload's own thresholds and budgets. */
  readonly workloadFile?: string;
}

/** Merges the layers; an unknown metric id or an unreadable value is CONFIG_INVALID naming the key. */
export function resolvePolicy(
  config: PolicyConfig,
  workload: Pick<Workload, 'thresholds' | 'budgets' | 'customMetrics'>,
  source: PolicySource = {},
): Policy {
  const custom = customInfo(workload.customMetrics);
  const info = (id: string) => metricInfo(id, custom[id]);
  const configFile = config.configFile ?? 'memgate.config';
  const workloadFile = source.workloadFile ?? 'workload';
  const rules: Record<string, MetricRule> = {};
  mergeThresholds(rules, config.thresholds, info, configFile);
  mergeThresholds(rules, workload.thresholds ?? {}, info, workloadFile);
  const budgets: Record<string, Budget> = {};
  mergeBudgets(budgets, config.budgets, info, configFile);
  mergeBudgets(budgets, workload.budgets ?? {}, info, workloadFile);
  return {
    alpha: config.compare.alpha,
    confirmRuns: config.compare.confirmRuns,
    strict: config.compare.strict,
    noiseFloor: config.compare.noiseFloor,
    rules,
    budgets,
    custom,
  };
}

/** The rule for a metric under a policy. */
export function ruleFor(policy: Policy, info: MetricInfo): MetricRule {
  return policy.rules[info.id] ?? defaultRule(info);
}

/** Catalogue info for a metric, with the workload's custom-metric declarations. */
export function infoFor(policy: Policy, id: string): MetricInfo {
  return metricInfo(id, policy.custom[id]);
}

// Workloads may declare custom metrics as "custom.x" or "x".
function customInfo(declared: Workload['customMetrics']): Record<string, Partial<Omit<MetricInfo, 'id'>>> {
  const out: Record<string, Partial<Omit<MetricInfo, 'id'>>> = {};
  for (const [key, value] of Object.entries(declared ?? {})) {
    const id = key.startsWith('custom.') ? key : `custom.${key}`;
    out[id] = { ...value, unit: value.unit };
  }
  return out;
}

function checkMetricId(id: string, file: string, section: string): void {
  if (isKnownMetricId(id)) return;
  const close = Object.keys(METRIC_CATALOGUE).find((known) => known.toLowerCase() === id.toLowerCase());
  const hint = close ? `did you mean "${close}"?` : 'use a catalogue id such as "alloc.perOp" or "custom.<name>"';
  throw new MemgateError(
    'CONFIG_INVALID',
    `${file}: ${formatKeyPath([section, id])}: expected a known metric id, found "${id}" — ${hint}`,
  );
}

function parseValue(value: string | number, info: MetricInfo, file: string, path: PropertyKey[]): number {
  try {
    const parsed = parseMetricValue(value, info.unit);
    if (!Number.isFinite(parsed)) throw new TypeError(`expected a finite number, got "${value}"`);
    return parsed;
  } catch (error) {
    throw new MemgateError(
      'CONFIG_INVALID',
      `${file}: ${formatKeyPath(path)}: ${(error as Error).message} (unit of ${info.id}: ${info.unit})`,
    );
  }
}

function mergeThresholds(
  rules: Record<string, MetricRule>,
  layer: Record<string, ThresholdInput | number | false>,
  info: (id: string) => MetricInfo,
  file: string,
): void {
  for (const [id, input] of Object.entries(layer)) {
    checkMetricId(id, file, 'thresholds');
    const base = rules[id] ?? defaultRule(info(id));
    if (input === false) {
      rules[id] = { ...base, gate: false };
      continue;
    }
    // Config values arrive parsed by zod (relative is a ratio); workload values may still be raw.
    const given = input as { relative?: number | string; absolute?: number | string; test?: boolean };
    rules[id] = {
      gate: true,
      relative:
        given.relative === undefined
          ? base.relative
          : parseValue(given.relative, { ...info(id), unit: 'ratio' }, file, ['thresholds', id, 'relative']),
      absolute:
        given.absolute === undefined
          ? base.absolute
          : parseValue(given.absolute, info(id), file, ['thresholds', id, 'absolute']),
      test: given.test ?? base.test,
      ...(given.relative === undefined && base.followSpread ? { followSpread: base.followSpread } : {}),
      ...(given.absolute === undefined && base.floorPerRepeat !== undefined
        ? { floorPerRepeat: base.floorPerRepeat }
        : {}),
    };
  }
}

function mergeBudgets(
  budgets: Record<string, Budget>,
  layer: Record<string, BudgetInput>,
  info: (id: string) => MetricInfo,
  file: string,
): void {
  for (const [id, input] of Object.entries(layer)) {
    checkMetricId(id, file, 'budgets');
    const metric = info(id);
    if (typeof input === 'string' || typeof input === 'number') {
      // A bare value limits the bad side: a maximum for lower-is-better metrics, a minimum for throughput and the like.
      const limit = parseValue(input, metric, file, ['budgets', id]);
      budgets[id] = metric.direction === 'higher' ? { min: limit } : { max: limit };
      continue;
    }
    const budget: { max?: number; min?: number } = {};
    if (input.max !== undefined) budget.max = parseValue(input.max, metric, file, ['budgets', id, 'max']);
    if (input.min !== undefined) budget.min = parseValue(input.min, metric, file, ['budgets', id, 'min']);
    budgets[id] = budget;
  }
}
