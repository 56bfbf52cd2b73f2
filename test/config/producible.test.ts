// Which metrics a workload can produce, from what it is (config/producible.ts).
import { describe, expect, it } from 'vitest';
import { gcProbeOf, producibility, producibleMetrics } from '../../harness/config/producible.js';
import type { ProcessWorkload, Workload } from '../../harness/config/workload-schema.js';
import { METRIC_CATALOGUE } from '../../harness/model/catalogue.js';

const proc = (fields: Partial<ProcessWorkload>): ProcessWorkload => ({ name: 'svc', command: 'python3', ...fields });
const inProcess = { name: 'op', op: () => undefined } as Workload;

describe('producibility', () => {
  it('an in-process workload produces every catalogue metric but shutdown.time, and any custom metric', () => {
    expect(producibleMetrics(inProcess)).toEqual(Object.keys(METRIC_CATALOGUE).filter((id) => id !== 'shutdown.time'));
    expect(producibility(inProcess, 'custom.cacheHits').ok).toBe(true);
  });

  it('a process workload without driver, logs or probe: RSS, FDs, shutdown, CPU and threads only', () => {
    const plain = proc({ command: '/usr/local/bin/bot' });
    expect(producibleMetrics(plain)).toEqual([
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
    const latency = producibility(plain, 'latency.p95');
    expect(latency.ok || latency.why).toMatch(/only through `drive`/);
    const alloc = producibility(plain, 'alloc.perOp');
    expect(alloc.ok || alloc.why).toMatch(/no operations inside it/);
    const gc = producibility(plain, 'gc.pause.p95');
    expect(gc.ok || gc.why).toMatch(/"\/usr\/local\/bin\/bot" matches none/);
    const heap = producibility(plain, 'heap.used.peak');
    expect(heap.ok || heap.why).toMatch(/inside a Node process/);
  });

  it('a driver adds latency, throughput and the error rate; log mappings add what they map to', () => {
    const driven = proc({
      drive: { op: () => undefined },
      logMetrics: { map: { conns: 'custom.db', heap: 'heap.used.peak' } },
    });
    for (const id of ['latency.p50', 'latency.p95', 'throughput', 'custom.errorRate', 'custom.db', 'heap.used.peak'])
      expect(producibility(driven, id).ok, id).toBe(true);
    expect(producibility(driven, 'custom.other').ok).toBe(false);
    expect(producibleMetrics(driven)).toContain('custom.db');
  });

  it('GC comes from the language probe: node (probe on), python, Go', () => {
    expect(gcProbeOf(proc({ command: 'node' }))).toBe('node');
    expect(gcProbeOf(proc({ command: 'node', nodeProbe: false }))).toBeNull();
    for (const command of ['python', 'python3', '/usr/bin/python3.11', 'bot.py'])
      expect(gcProbeOf(proc({ command })), command).toBe('python');
    expect(gcProbeOf(proc({ command: 'uv', args: ['run', 'python', 'bot.py'] }))).toBe('python');
    expect(gcProbeOf(proc({ command: 'poetry', args: ['run', 'python3', '-m', 'bot'] }))).toBe('python');
    expect(gcProbeOf(proc({ command: 'uv', args: ['run', 'pytest'] }))).toBeNull();
    expect(gcProbeOf(proc({ command: 'go', args: ['run', './cmd/node'] }))).toBe('go');
    expect(gcProbeOf(proc({ command: './node-bin', env: { GODEBUG: 'madvdontneed=1,gctrace=1' } }))).toBe('go');
    expect(gcProbeOf(proc({ command: 'bash', args: ['start.sh'] }))).toBeNull();
    // Python and Go probes give GC figures, not V8's heap.
    expect(producibility(proc({ command: 'python3' }), 'gc.pause.p95').ok).toBe(true);
    expect(producibility(proc({ command: 'python3' }), 'heap.used.peak').ok).toBe(false);
    expect(producibility(proc({ command: 'node' }), 'heap.used.peak').ok).toBe(true);
  });
});
