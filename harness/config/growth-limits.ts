// Growth limits in the teams' words: "memory growth < 10% over the run",
// "< 20 MB/h", "5 goroutines/h", "DB connections stable". Read from the
// `growth` map (config, then workload) and `leak.rssGrowth`, into limits in
// base units that keep the time unit the user wrote, so findings print
// "20 MB/h", not "0.333 MB/min". Pure; a value that cannot be read throws a
// TypeError naming the key.
import { CUSTOM_PREFIX } from '../model/catalogue.js';
import type { GrowthLimit } from '../model/measurement.js';
import { parseMetricValue, parsePercent } from '../units/parse.js';
import type { GrowthInput } from './fields.js';

/** Series memgate samples itself; any `custom.<name>` a process logs is a target too. */
export const GROWTH_RESOURCES = ['rss', 'fd', 'heap'] as const;

export interface GrowthSources {
  readonly configGrowth?: GrowthInput | undefined;
  readonly workloadGrowth?: GrowthInput | undefined;
  /** leak.rssGrowth after merging config and workload. */
  readonly rssGrowth?: string | number | undefined;
  /** Declared units of custom metrics ("custom.x" or "x" keys), to read "5MB/h" on a custom byte count. */
  readonly customUnits?: Readonly<Record<string, string | undefined>>;
}

/** The limits, workload keys over config keys, `growth.rss` over `leak.rssGrowth`. */
export function resolveGrowthLimits(sources: GrowthSources): GrowthLimit[] {
  const written = new Map<string, { text: string; key: string }>();
  if (sources.rssGrowth !== undefined) {
    const text = typeof sources.rssGrowth === 'number' ? `${sources.rssGrowth * 100}%` : sources.rssGrowth;
    written.set('rss', { text, key: 'leak.rssGrowth' });
  }
  for (const layer of [sources.configGrowth, sources.workloadGrowth])
    for (const [target, text] of Object.entries(layer ?? {})) written.set(target, { text, key: `growth["${target}"]` });
  return [...written].map(([target, { text, key }]) => readGrowthLimit(target, text, key, sources.customUnits ?? {}));
}

function unitOf(target: string, customUnits: Readonly<Record<string, string | undefined>>): 'bytes' | 'count' {
  if (target === 'rss' || target === 'heap') return 'bytes';
  if (target === 'fd') return 'count';
  const declared = customUnits[target] ?? customUnits[target.slice(CUSTOM_PREFIX.length)];
  return declared?.startsWith('bytes') ? 'bytes' : 'count';
}

/** One limit; `key` names it in errors ("growth[\"custom.goroutines\"]"). */
export function readGrowthLimit(
  target: string,
  text: string,
  key: string,
  customUnits: Readonly<Record<string, string | undefined>> = {},
): GrowthLimit {
  const isCustom = target.startsWith(CUSTOM_PREFIX) && target.length > CUSTOM_PREFIX.length;
  if (!isCustom && !(GROWTH_RESOURCES as readonly string[]).includes(target))
    throw new TypeError(
      `${key}: expected a series to limit — ${GROWTH_RESOURCES.join(', ')} or "custom.<name>" — found "${target}"`,
    );
  const unit = unitOf(target, customUnits);
  const trimmed = text.trim();
  const base = { target, unit, text: trimmed };
  if (trimmed.toLowerCase() === 'stable') return { ...base, kind: 'stable', limit: 0, per: 'min' };
  try {
    if (trimmed.endsWith('%'))
      return { ...base, kind: 'relative', limit: nonNegative(parsePercent(trimmed)), per: 'min' };
    if (!trimmed.includes('/')) throw new TypeError('no time unit');
    const perMin = nonNegative(parseMetricValue(trimmed, unit === 'bytes' ? 'bytes/min' : 'count/min'));
    const per = /\/\s*(h|hr|hour)$/i.test(trimmed) ? 'h' : 'min';
    return { ...base, kind: 'rate', limit: perMin, per };
  } catch (error) {
    const example = unit === 'bytes' ? '"20MB/h", "1MB/min"' : '"5/h", "0.1/min"';
    throw new TypeError(
      `${key}: expected a rate such as ${example}, a share of the start such as "10%", or "stable", got ${JSON.stringify(text)} (${(error as Error).message}) — fix the value`,
      { cause: error },
    );
  }
}

function nonNegative(value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new TypeError('a growth limit below zero can never be met');
  return value;
}
