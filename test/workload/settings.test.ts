import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../harness/config/load.js';
import { resolveLeakLimits } from '../../harness/config/leak-limits.js';
import {
  needsCalibration,
  needsNaturalSizing,
  resolveRunSettings,
  withCalibratedOps,
} from '../../harness/workload/settings.js';
import { InProcessWorkloadSchema, ProcessWorkloadSchema } from '../../harness/config/workload-schema.js';

const config = validateConfig(
  { repeats: 4, timeout: '20s', defaults: { ops: 1000, warmupOps: 10, checkpoints: 8 } },
  undefined,
  '/project',
);
const inProcess = (extra: object) => InProcessWorkloadSchema.parse({ name: 'w', op: () => {}, ...extra });

describe('resolveRunSettings', () => {
  it('takes config defaults and spreads `checkpoints` over the ops', () => {
    expect(resolveRunSettings(inProcess({}), config)).toEqual({
      repeats: 4,
      warmupOps: 10,
      ops: 1000,
      durationMs: null,
      timeMs: null,
      batchSize: 125,
      checkpoints: 8,
      sampleIntervalMs: 10,
      timeoutMs: 20_000,
    });
  });

  it('lets the workload override, and --repeats override both', () => {
    const settings = resolveRunSettings(
      inProcess({ repeats: 2, ops: 30, warmupOps: 0, timeout: '2s', sampleInterval: '5ms' }),
      config,
      9,
    );
    expect(settings).toEqual({
      repeats: 9,
      warmupOps: 0,
      ops: 30,
      durationMs: null,
      timeMs: null,
      batchSize: 4,
      checkpoints: 8,
      sampleIntervalMs: 5,
      timeoutMs: 2000,
    });
    expect(resolveRunSettings(inProcess({ ops: 3 }), config).batchSize).toBe(1);
    expect(resolveRunSettings(inProcess({ batchSize: 7, duration: '1s' }), config)).toMatchObject({
      batchSize: 7,
      durationMs: 1000,
    });
  });

  it('sizes a workload by time when neither it nor the config sets ops or a duration', () => {
    const timed = validateConfig({ defaults: { checkpoints: 8 } }, undefined, '/project');
    const settings = resolveRunSettings(inProcess({}), timed);
    expect(settings).toMatchObject({ ops: 0, batchSize: 0, timeMs: 1000, checkpoints: 8, durationMs: null });
    expect(needsCalibration(settings)).toBe(true);
    // The first repeat's count fixes ops and spreads the checkpoints over it.
    const sized = withCalibratedOps(settings, 4000);
    expect(sized).toMatchObject({ ops: 4000, batchSize: 500, timeMs: 1000 });
    expect(needsCalibration(sized)).toBe(false);
    // A count, once known, stays; an explicit batch size stays too.
    expect(withCalibratedOps(sized, 800)).toBe(sized);
    const batched = resolveRunSettings(inProcess({ batchSize: 7, time: '250ms' }), timed);
    expect(withCalibratedOps(batched, 4000)).toMatchObject({ ops: 4000, batchSize: 7, timeMs: 250 });
    // Fixed ops or a duration: not sized by time.
    expect(resolveRunSettings(inProcess({ ops: 10 }), timed).timeMs).toBeNull();
    expect(resolveRunSettings(inProcess({ duration: '1s' }), timed).timeMs).toBeNull();
    expect(withCalibratedOps(resolveRunSettings(inProcess({ ops: 10 }), timed), 99).ops).toBe(10);
  });

  it('records the natural phase count of a time-sized run once, and never for fixed ops', () => {
    const timed = validateConfig({ defaults: { time: '1s' } }, undefined, '/project');
    const settings = resolveRunSettings(inProcess({}), timed);
    expect(needsNaturalSizing(settings)).toBe(true);
    const sized = withCalibratedOps(settings, 4000, 9000);
    expect(sized).toMatchObject({ ops: 4000, naturalOps: 9000 });
    expect(needsNaturalSizing(sized)).toBe(false);
    expect(withCalibratedOps(sized, 4000, 123).naturalOps).toBe(9000);
    const fixed = resolveRunSettings(inProcess({ ops: 10 }), timed);
    expect(needsNaturalSizing(fixed)).toBe(false);
    expect(withCalibratedOps(fixed, 10, 50).naturalOps).toBeUndefined();
  });

  it('gives process workloads their driver ops or duration', () => {
    const driven = ProcessWorkloadSchema.parse({ name: 'svc', command: 'node', drive: { op: () => {}, ops: 50 } });
    expect(resolveRunSettings(driven, config)).toMatchObject({
      warmupOps: 0,
      ops: 50,
      durationMs: null,
      sampleIntervalMs: 100,
    });
    const idle = ProcessWorkloadSchema.parse({ name: 'svc', command: 'node', duration: '3s' });
    expect(resolveRunSettings(idle, config)).toMatchObject({ ops: 0, durationMs: 3000 });
  });
});

describe('resolveLeakLimits', () => {
  it('defaults to 0.1 MB/min of memory, 0.1 fd/min and no handle left behind', () => {
    expect(resolveLeakLimits(config, undefined)).toEqual({
      enabled: true,
      heapRate: 100_000,
      heapPerOp: null,
      rssRate: 100_000,
      externalRate: 100_000,
      fdRate: 0.1,
      handlesGrowth: 0,
    });
  });

  it('reads units, with the workload overriding the config key by key', () => {
    const withLeak = validateConfig(
      { leak: { heapRate: '6MB/h', fdRate: '6/h', handlesGrowth: 2 } },
      undefined,
      '/project',
    );
    const limits = resolveLeakLimits(withLeak, inProcess({ leak: { heapPerOp: '1KiB', enabled: false } }));
    expect(limits).toEqual({
      enabled: false,
      heapRate: 100_000,
      heapPerOp: 1024,
      rssRate: 100_000,
      externalRate: 100_000,
      fdRate: 0.1,
      handlesGrowth: 2,
      // Written per hour: findings print these rates per hour.
      ratePer: { heap: 'h', fd: 'h' },
    });
  });

  it('names the key of an unreadable value', () => {
    expect(() => resolveLeakLimits(config, inProcess({ leak: { rssRate: 'quick' } }))).toThrow(
      /^leak\.rssRate: .*"quick"/,
    );
  });
});
