// Leak limits in base units, from the config's and the workload's `leak`
// keys over memgate's defaults. Pure; in config/ because loading the config
// checks them before any workload is measured.
import type { LeakInput } from './fields.js';
import { parseMetricValue } from '../units/parse.js';
import type { LeakLimits } from '../model/measurement.js';
import type { ResolvedConfig } from './schema.js';
import type { Workload } from './workload-schema.js';
import { resolveGrowthLimits } from './growth-limits.js';

/**
 * Leak limits when neither the config nor the workload sets them: the
 * trading-bot team's sentinel numbers (docs/running.md), 0.1 MB/min of memory and
 * 0.1 FD/min, and no handle left behind.
 */
export const DEFAULT_LEAK_LIMITS = {
  heapRate: '0.1MB/min',
  rssRate: '0.1MB/min',
  externalRate: '0.1MB/min',
  fdRate: '0.1/min',
  handlesGrowth: 0,
} as const;

/**
 * Leak limits in base units (bytes/min, count/min, count): the workload's
 * `leak` keys override the config's, which override DEFAULT_LEAK_LIMITS.
 * Throws a TypeError naming the key when a value cannot be read.
 */
export function resolveLeakLimits(
  config: Pick<ResolvedConfig, 'leak'> & Partial<Pick<ResolvedConfig, 'growth'>>,
  workload: Partial<Pick<Workload, 'leak' | 'growth' | 'customMetrics'>> | undefined,
): LeakLimits {
  const merged: LeakInput = { ...config.leak, ...definedOnly(workload?.leak ?? {}) };
  const customUnits = Object.fromEntries(
    Object.entries(workload?.customMetrics ?? {}).map(([name, info]) => [name, info.unit]),
  );
  const ratePer = Object.fromEntries(
    (['heap', 'rss', 'fd'] as const)
      .filter((resource) => writtenPer(merged[`${resource}Rate`]) === 'h')
      .map((resource) => [resource, 'h' as const]),
  );
  const growth = resolveGrowthLimits({
    configGrowth: config.growth,
    workloadGrowth: workload?.growth,
    rssGrowth: merged.rssGrowth,
    customUnits,
  });
  return {
    enabled: merged.enabled ?? true,
    heapRate: readLimit(merged.heapRate ?? DEFAULT_LEAK_LIMITS.heapRate, 'bytes/min', `leak.heapRate`),
    heapPerOp: merged.heapPerOp === undefined ? null : readLimit(merged.heapPerOp, 'bytes/op', `leak.heapPerOp`),
    rssRate: readLimit(merged.rssRate ?? DEFAULT_LEAK_LIMITS.rssRate, 'bytes/min', `leak.rssRate`),
    externalRate: readLimit(DEFAULT_LEAK_LIMITS.externalRate, 'bytes/min', `leak.externalRate`),
    fdRate: readLimit(merged.fdRate ?? DEFAULT_LEAK_LIMITS.fdRate, 'count/min', `leak.fdRate`),
    handlesGrowth: merged.handlesGrowth ?? DEFAULT_LEAK_LIMITS.handlesGrowth,
    // Only when set, so limits (and what is hashed from them) of workloads without them are unchanged.
    ...(Object.keys(ratePer).length > 0 ? { ratePer } : {}),
    ...(growth.length > 0 ? { growth } : {}),
  };
}

// "20MB/h" is shown per hour; everything else per minute, as before.
function writtenPer(value: string | number | undefined): 'min' | 'h' {
  return typeof value === 'string' && /\/\s*(h|hr|hour)$/i.test(value.trim()) ? 'h' : 'min';
}

function readLimit(value: string | number, unit: string, key: string): number {
  let parsed: number;
  try {
    parsed = parseMetricValue(value, unit);
  } catch (error) {
    throw new TypeError(`${key}: ${(error as Error).message} (unit ${unit}) — fix the value`, { cause: error });
  }
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new TypeError(
      `${key}: expected a non-negative ${unit} value such as "0.1MB/min", got ${JSON.stringify(value)} — fix the value`,
    );
  return parsed;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
