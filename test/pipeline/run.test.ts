import { describe, expect, it } from 'vitest';
import { sizedLikeBaseline } from '../../harness/pipeline/run.js';
import { resolveWorkload } from '../../harness/workload/resolve.js';
import { validateConfig } from '../../harness/config/load.js';
import { InProcessWorkloadSchema } from '../../harness/config/workload-schema.js';
import { baselineOf, measurement } from '../fixtures/compare/make.js';
import type { RunSettings } from '../../harness/model/measurement.js';

const config = validateConfig({ defaults: { checkpoints: 10 } }, undefined, '/project');
function workload(extra: object = {}) {
  const definition = InProcessWorkloadSchema.parse({ name: 'w', op: () => undefined, ...extra });
  return resolveWorkload(
    {
      name: 'w',
      kind: 'in-process',
      file: '/project/w.workload.ts',
      relativeFile: 'w.workload.ts',
      bundle: '/project/.memgate/cache/w.mjs',
      exportName: 'default',
      definition,
      definitionHash: 'h',
    },
    config,
  );
}
const recordedWith = (settings: Partial<RunSettings> & { timeMs?: number | null | undefined }) => {
  const baseline = baselineOf(measurement({ 'alloc.perOp': [100, 100, 100] }));
  return { ...baseline, settings: { ...baseline.settings, durationMs: null, ...settings } };
};

describe('sizedLikeBaseline', () => {
  it("runs a time-sized workload with its baseline's op count, so both sides do the same work", () => {
    const { workload: sized, note } = sizedLikeBaseline(workload(), recordedWith({ ops: 42_000, timeMs: 1000 }));
    expect(sized.settings).toMatchObject({ ops: 42_000, batchSize: 4200, timeMs: 1000 });
    expect(note).toBeNull();
  });

  it("runs the baseline's natural-phase count too; a baseline without one lets the first repeat decide", () => {
    const both = sizedLikeBaseline(workload(), recordedWith({ ops: 42_000, timeMs: 1000, naturalOps: 90_000 }));
    expect(both.workload.settings).toMatchObject({ ops: 42_000, naturalOps: 90_000 });
    const older = sizedLikeBaseline(workload(), recordedWith({ ops: 42_000, timeMs: 1000 }));
    expect(older.workload.settings.naturalOps).toBeUndefined();
  });

  it("uses an old baseline's fixed count with a note, and recalibrates for a changed time", () => {
    const old = sizedLikeBaseline(workload(), recordedWith({ ops: 2000, timeMs: undefined }));
    expect(old.workload.settings.ops).toBe(2000);
    expect(old.note).toMatch(/recorded before runs were sized by time: this run used its 2000 ops; re-record it/);
    const changed = sizedLikeBaseline(workload({ time: '2s' }), recordedWith({ ops: 42_000, timeMs: 1000 }));
    expect(changed.workload.settings.ops).toBe(0);
  });

  it('leaves fixed-size workloads and workloads without a baseline alone', () => {
    const fixed = workload({ ops: 500 });
    expect(sizedLikeBaseline(fixed, recordedWith({ ops: 42_000, timeMs: 1000 })).workload).toBe(fixed);
    const fresh = workload();
    expect(sizedLikeBaseline(fresh, undefined).workload).toBe(fresh);
  });
});
