// Which metrics a workload can produce at all, from what it is: an in-process
// workload has memgate's probe inside; a process workload is sampled from
// outside and gets more only from a driver (latency, throughput), log lines
// (logMetrics.map) or a probe for its language (GC figures). A budget,
// threshold or growth limit on a metric the workload cannot produce would
// never be checked, so loading rejects it (workload/producible-check.ts).
// Pure: the definition in, a table out. A new probe kind plugs in as one
// entry of GC_PROBES and one detection rule in gcProbeOf.
import { basename } from 'node:path';
import { CUSTOM_PREFIX, METRIC_CATALOGUE } from '../model/catalogue.js';
import { isProcessWorkload, type ProcessWorkload, type Workload } from './workload-schema.js';

/** A language whose GC a probe reports for a process workload. */
export type GcProbeKind = 'node' | 'python' | 'go';

/** How each probe is switched on, for error messages. */
export const GC_PROBES: Readonly<Record<GcProbeKind, string>> = {
  node: 'node (nodeProbe on)',
  python: 'python, python3, *.py, uv/poetry run python',
  go: 'go run, or env GODEBUG=gctrace=1',
};

/** Metric families a language probe adds to a process workload. */
const PROBE_METRICS: Readonly<Record<GcProbeKind, (id: string) => boolean>> = {
  node: (id) => /^(gc|heap|handles)\./.test(id) || id === 'leak.heap.rate',
  python: (id) => id.startsWith('gc.'),
  go: (id) => id.startsWith('gc.'),
};

/** Whether a metric can be produced, and if not, why not (one clause for an error line). */
export type Producibility = { readonly ok: true } | { readonly ok: false; readonly why: string };

const OK: Producibility = { ok: true };

// Always measured from outside, for any process: the tree's RSS and descriptors, and the shutdown.
const OUTSIDE = new Set([
  'rss.peak',
  'rss.final',
  'leak.rss.rate',
  'fd.peak',
  'fd.growth',
  'fd.rate',
  'shutdown.time',
  'cpu.percent',
  'threads.peak',
]);
const DRIVEN = new Set(['latency.p50', 'latency.p95', 'latency.p99', 'throughput']);
// Per-operation allocation and heap growth need operations inside the measured process.
const PER_OP = new Set(['alloc.perOp', 'leak.heap.perOp']);

const PYTHON_NAME = /^python(\d+(\.\d+)*)?(\.exe)?$/i;

/** The language probe that reports GC for this process workload, if any. */
export function gcProbeOf(workload: ProcessWorkload): GcProbeKind | null {
  // With several processes, the first one's language (the one that gets a probe).
  const main = workload.processes?.[0] ?? workload;
  const command = main.command ?? '';
  const name = basename(command).toLowerCase();
  const args = main.args ?? [];
  if (name === 'node' || name === 'node.exe' || command === process.execPath)
    return workload.nodeProbe === false ? null : 'node';
  if (PYTHON_NAME.test(name) || name.endsWith('.py')) return 'python';
  // uv run python …, poetry run python3 …, pipenv run python …
  if (['uv', 'poetry', 'pipenv'].includes(name) && args[0] === 'run' && PYTHON_NAME.test(basename(args[1] ?? '')))
    return 'python';
  if (name === 'go' && args[0] === 'run') return 'go';
  if (/gctrace=1/.test(workload.env?.['GODEBUG'] ?? '')) return 'go';
  return null;
}

/** Metric ids the workload's logMetrics.map feeds. */
export function logMappedMetrics(workload: ProcessWorkload): Set<string> {
  const map = workload.logMetrics?.map ?? {};
  return new Set(Object.values(map).map((target) => (typeof target === 'string' ? target : target.metric)));
}

/** Can `workload` produce metric `id` in some run? */
export function producibility(workload: Workload, id: string): Producibility {
  if (!isProcessWorkload(workload)) {
    if (id === 'shutdown.time') return { ok: false, why: 'only process workloads are shut down' };
    return OK;
  }
  if (OUTSIDE.has(id) || logMappedMetrics(workload).has(id)) return OK;
  if (id.startsWith('fd.match.') && workload.fdPatterns?.[id.slice('fd.match.'.length)] !== undefined) return OK;
  if (id.startsWith(CUSTOM_PREFIX)) {
    if (id === 'custom.errorRate' && workload.drive) return OK;
    return { ok: false, why: `no logMetrics.map entry feeds it — map a JSON log key to "${id}"` };
  }
  if (DRIVEN.has(id))
    return workload.drive
      ? OK
      : { ok: false, why: 'a process workload times operations only through `drive` — add drive: { op, rate }' };
  if (PER_OP.has(id))
    return {
      ok: false,
      why: 'a process workload has no operations inside it to divide by — use an in-process workload',
    };
  const probe = gcProbeOf(workload);
  if (probe && PROBE_METRICS[probe](id)) return OK;
  if (id.startsWith('gc.'))
    return {
      ok: false,
      why: `GC figures of a process come only from a language probe, and "${workload.command}" matches none (${Object.values(GC_PROBES).join('; ')}) — log pauses as a custom.* metric, or drop the limit`,
    };
  return {
    ok: false,
    why: `it is read inside a Node process (memgate's probe) and "${workload.command}" is not a node command with the probe on`,
  };
}

/** Every catalogue metric this workload can produce, plus the custom ids it can (for docs and tests). */
export function producibleMetrics(workload: Workload): string[] {
  const ids = Object.keys(METRIC_CATALOGUE).filter((id) => producibility(workload, id).ok);
  if (isProcessWorkload(workload)) ids.push(...[...logMappedMetrics(workload)].filter((id) => !ids.includes(id)));
  return ids;
}
