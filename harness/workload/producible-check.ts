// Load-time check that every budget, threshold, leak limit and growth limit
// names a metric this workload can produce (config/producible.ts). One that
// it cannot would never be checked and pass silently — the Python service
// with `gc.pause.p95: '5ms'` and no GC probe — so it is a config error
// naming the file, the workload, the key and why. Thresholds from the config
// file are defaults for whichever workloads measure the metric and are not
// checked here; budgets and growth limits from it are acceptance criteria
// and are.
import { MemgateError, formatKeyPath } from '../errors.js';
import { producibility, type Producibility } from '../config/producible.js';
import { isProcessWorkload, type Workload } from '../config/workload-schema.js';
import type { ResolvedConfig } from '../config/schema.js';

/** A setting that depends on a metric: where it was written, its key path, and the metric id. */
interface Dependency {
  readonly file: string;
  readonly path: PropertyKey[];
  readonly metric: string;
}

// Leak keys and the metric whose series they gate.
const LEAK_KEY_METRIC: Readonly<Record<string, string>> = {
  heapRate: 'leak.heap.rate',
  heapPerOp: 'leak.heap.perOp',
  handlesGrowth: 'handles.growth',
};

// Growth targets and a metric that exists exactly when the series does.
function growthMetric(target: string): string {
  if (target === 'rss') return 'rss.peak';
  if (target === 'fd') return 'fd.peak';
  if (target === 'heap') return 'heap.used.peak';
  return target;
}

function dependencies(
  definition: Workload,
  config: Pick<ResolvedConfig, 'budgets' | 'growth'>,
  configFile: string,
  workloadFile: string,
): Dependency[] {
  const out: Dependency[] = [];
  for (const id of Object.keys(config.budgets)) out.push({ file: configFile, path: ['budgets', id], metric: id });
  for (const id of Object.keys(definition.budgets ?? {}))
    out.push({ file: workloadFile, path: ['budgets', id], metric: id });
  // `false` turns gating off: harmless on a metric the workload never produces.
  for (const [id, rule] of Object.entries(definition.thresholds ?? {}))
    if (rule !== false) out.push({ file: workloadFile, path: ['thresholds', id], metric: id });
  for (const [key, metric] of Object.entries(LEAK_KEY_METRIC))
    if (definition.leak?.[key as keyof NonNullable<Workload['leak']>] !== undefined)
      out.push({ file: workloadFile, path: ['leak', key], metric });
  for (const target of Object.keys(config.growth ?? {}))
    out.push({ file: configFile, path: ['growth', target], metric: growthMetric(target) });
  for (const target of Object.keys(definition.growth ?? {}))
    out.push({ file: workloadFile, path: ['growth', target], metric: growthMetric(target) });
  return out;
}

/**
 * Throws CONFIG_INVALID (exit 2) on the first setting whose metric `definition`
 * can never produce. `where` names the workload ("workloads/bot.workload.ts").
 */
export function checkProducible(
  definition: Workload,
  config: Pick<ResolvedConfig, 'budgets' | 'growth'>,
  files: { readonly configFile: string; readonly workloadFile: string },
): void {
  for (const dependency of dependencies(definition, config, files.configFile, files.workloadFile)) {
    const verdict = growthOnInProcessCustom(definition, dependency) ?? producibility(definition, dependency.metric);
    if (verdict.ok) continue;
    const kind = isProcessWorkload(definition) ? 'process' : 'in-process';
    throw new MemgateError(
      'CONFIG_INVALID',
      `${dependency.file}: ${formatKeyPath(dependency.path)}: workload "${definition.name}" (${kind}) cannot produce ${dependency.metric}: ${verdict.why}`,
    );
  }
}

// reportMetric keeps the last value of a custom metric, not a series: growth needs log lines over time.
function growthOnInProcessCustom(definition: Workload, dependency: Dependency): Producibility | undefined {
  if (dependency.path[0] !== 'growth' || isProcessWorkload(definition) || !dependency.metric.startsWith('custom.'))
    return undefined;
  return {
    ok: false,
    why: 'growth needs its values over time, which only a process workload logging it (logMetrics.map) gives — reportMetric keeps the last value',
  };
}
