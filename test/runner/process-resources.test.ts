// cpu.percent, threads.peak and fd.match.* measured from outside on real Python programs
// that hold a known number of threads and open files.
import { describe, expect, it } from 'vitest';
import { deriveRepeatMetrics } from '../../harness/metrics/derive.js';
import { runProcessRepeat } from '../../harness/runner/process-repeat.js';
import { loadedProcessWorkload, testConfig } from '../fixtures/process/loaded.js';

const linux = process.platform === 'linux';
const config = testConfig();

async function measure(name: string, args: string[]) {
  const workload = loadedProcessWorkload({
    name,
    command: 'python3',
    args: ['resources.py', ...args],
    duration: '800ms',
    sampleInterval: '50ms',
    ready: { stdout: 'ready' },
    fdPatterns: { dbFiles: '*.db', logs: '/tmp/*/app?.log', sqlite: '*.sqlite' },
  });
  const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
  return { run, metrics: deriveRepeatMetrics(run) };
}

describe.runIf(linux)('process resources as metrics', () => {
  it('counts open FDs by pattern and threads exactly', async () => {
    const { run, metrics } = await measure('resources-idle', ['4', '3', '2', 'idle']);
    expect(run.shutdown?.problems).toEqual([]);
    expect(metrics['fd.match.dbFiles']).toBe(3);
    expect(metrics['fd.match.logs']).toBe(2);
    expect(metrics['fd.match.sqlite']).toBe(0);
    // The main thread and four waiting threads.
    expect(metrics['threads.peak']).toBe(5);
  });

  it('reads a busy loop as far more CPU than an idle program', async () => {
    const idle = await measure('cpu-idle', ['0', '0', '0', 'idle']);
    const busy = await measure('cpu-busy', ['0', '0', '0', 'busy']);
    const idlePercent = idle.metrics['cpu.percent'] ?? NaN;
    const busyPercent = busy.metrics['cpu.percent'] ?? NaN;
    // One thread spinning gets at most one core, and on a shared 2-core box at least a sixth of
    // one; a 50 ms sleep loop uses well under 5% of a core.
    expect(busyPercent).toBeLessThanOrEqual(1.1);
    expect(busyPercent).toBeGreaterThan(0.15);
    expect(idlePercent).toBeLessThan(0.05);
    expect(busyPercent).toBeGreaterThan(idlePercent * 10);
  });
});
