// Node services: heap snapshots through --heapsnapshot-signal at the start
// and end of the measured phase, diffed with the diagnose code.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseProcessHeap } from '../../../harness/diagnose/index.js';
import { runProcessRepeat } from '../../../harness/runner/process-repeat.js';
import { loadedProcessWorkload, testConfig } from '../../fixtures/process/loaded.js';

const linux = process.platform === 'linux';
const config = testConfig();

describe.runIf(linux)('Node heap snapshots of a process workload', () => {
  const workload = loadedProcessWorkload({
    name: 'node-heap-leak',
    command: 'node',
    args: ['node-heap-leak.mjs'],
    ready: { stdout: 'heap leak ready' },
    duration: '1500ms',
  });

  it('names the class that grew, from snapshots taken on SIGUSR2 in a what-grew run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memgate-heap-signal-'));
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0, whatGrewDir: dir });
    expect(run.heapSnapshots).toHaveLength(2);
    for (const file of run.heapSnapshots) expect(existsSync(file)).toBe(true);
    const { heap } = await diagnoseProcessHeap(run);
    // 50 objects per 10 ms over ~1.5 s: thousands, far more than any other type's churn.
    expect(heap?.growers[0]?.name).toBe('LeakedSession');
    expect(heap?.growers[0]?.countDelta).toBeGreaterThan(1000);
    // The probe's result still arrived: the service exited normally.
    expect(run.gc).not.toBeNull();
    expect(run.shutdown?.problems ?? []).toEqual([]);
  }, 90_000);

  it('takes no snapshots in a normal run', async () => {
    const run = await runProcessRepeat({ ...workload, settings: { ...workload.settings, durationMs: 300 } }, config, {
      repeatIndex: 0,
    });
    expect(run.heapSnapshots).toEqual([]);
    const { heap, heapSkipped } = await diagnoseProcessHeap(run);
    expect(heap).toBeNull();
    expect(heapSkipped).toMatch(/this run took no heap snapshots and no tracemalloc diff/);
  }, 60_000);
});
