// diagnoseWorkload end to end: a real extra repeat writes two heap
// snapshots, which are parsed and diffed into what grew and why it is kept.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseWorkload, snapshotCheckpoints, wantsHeapSnapshots } from '../../harness/diagnose/index.js';
import type { LeakFinding } from '../../harness/model/report.js';
import { Diagnosis } from '../../harness/model/report.js';
import { leakFixtureConfig, loadLeakFixture } from './helpers.js';

const config = leakFixtureConfig();

describe('snapshotCheckpoints', () => {
  it('snapshots after the first batch and at the last checkpoint', () => {
    expect(snapshotCheckpoints({ ops: 2000, batchSize: 200, durationMs: null })).toEqual([1, 10]);
    expect(snapshotCheckpoints({ ops: 2001, batchSize: 200, durationMs: null })).toEqual([1, 11]);
    expect(snapshotCheckpoints({ ops: 100, batchSize: 200, durationMs: null })).toEqual([0, 1]);
    expect(snapshotCheckpoints({ ops: 0, batchSize: 1, durationMs: 5000 })).toEqual([1, 3]);
  });
});

function finding(resource: LeakFinding['resource'], status: LeakFinding['status']): LeakFinding {
  return {
    resource,
    status,
    shape: 'linear',
    perOp: 1,
    perMin: 1,
    ci: [1, 1],
    limit: 0,
    unit: resource === 'fd' || resource === 'handles' ? 'count' : 'bytes',
    repeatsGrowing: 5,
    repeats: 5,
    reason: '',
  };
}

describe('wantsHeapSnapshots', () => {
  it('snapshots when the heap or external memory is not stable, or when asked', () => {
    expect(wantsHeapSnapshots([finding('heap', 'leaking')], false)).toBe(true);
    expect(wantsHeapSnapshots([finding('external', 'suspicious')], false)).toBe(true);
    expect(
      wantsHeapSnapshots([finding('heap', 'stable'), finding('handles', 'leaking'), finding('fd', 'leaking')], false),
    ).toBe(false);
    expect(wantsHeapSnapshots([], true)).toBe(true);
  });
});

describe('diagnoseWorkload', () => {
  it.each([
    ['leak-map', 'LeakedSession', /sessions \(Map\)/],
    ['leak-listener', 'onConfigChanged()', /bus \(EventEmitter\)/],
    ['leak-closure', 'retryRequest()', /retryCallbacks \(Array\)/],
  ])('%s: names %s as the top grower, with the path that retains it', async (name, type, holder) => {
    const workload = await loadLeakFixture(config, name);
    const diagnosis = Diagnosis.parse(await diagnoseWorkload(workload, config, [finding('heap', 'leaking')], {}));
    const heap = diagnosis.heap;
    expect(heap, diagnosis.heapSkipped ?? '').not.toBeNull();
    // ~1 instance per measured op between checkpoint 1 and the last one: 1800 of 2000 ops, allow ±5% for ops the probe's batches round.
    expect(heap?.growers[0]?.name).toBe(type);
    expect(heap?.growers[0]?.countDelta).toBeGreaterThanOrEqual(1700);
    expect(heap?.growers[0]?.countDelta).toBeLessThanOrEqual(1900);
    expect(heap?.retainerPath?.at(-1)).toBe(type);
    expect(heap?.retainerPath?.join(' → ')).toMatch(holder);
    expect(heap?.snapshots).toHaveLength(2);
    for (const file of heap?.snapshots ?? []) expect(existsSync(file), file).toBe(true);
  });

  it('skips heap snapshots over leak.snapshotLimit with a note, and still diffs handles', async () => {
    const tight = leakFixtureConfig('.memgate/test-leak-tight');
    const limited = { ...tight, leak: { ...tight.leak, snapshotLimit: 1024 } };
    const workload = await loadLeakFixture(limited, 'leak-interval');
    const diagnosis = await diagnoseWorkload(workload, limited, [], { requested: true });
    expect(diagnosis?.heap).toBeNull();
    expect(diagnosis?.heapSkipped).toMatch(/over the limit of 1024 bytes/);
    expect(diagnosis?.handles[0]).toEqual({ type: 'Timeout', delta: 400 });
  });

  it('takes no heap snapshots when only handles leak, and says why', async () => {
    const workload = await loadLeakFixture(config, 'leak-interval');
    const diagnosis = await diagnoseWorkload(
      workload,
      config,
      [finding('heap', 'stable'), finding('handles', 'leaking')],
      {},
    );
    expect(diagnosis?.heap).toBeNull();
    expect(diagnosis?.heapSkipped).toMatch(/the heap did not grow/);
    expect(diagnosis?.handles[0]).toEqual({ type: 'Timeout', delta: 400 });
  });

  it('does nothing when leak.diagnose is false, unless asked', async () => {
    const off = { ...config, leak: { ...config.leak, diagnose: false } };
    const workload = await loadLeakFixture(off, 'leak-interval');
    expect(await diagnoseWorkload(workload, off, [], {})).toBeNull();
  });
});
