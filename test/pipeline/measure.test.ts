import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../harness/config/load.js';
import { measureAll } from '../../harness/pipeline/measure.js';
import type { ProgressEvent } from '../../harness/pipeline/types.js';
import { loadWorkloads } from '../../harness/workload/load.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const config = validateConfig(
  { workloads: 'test/fixtures/runner/project/*.workload.ts', timeout: '20s' },
  undefined,
  REPO,
);

describe('measureAll', () => {
  it('keeps going after a failed workload, diagnoses on request and reports progress in order', async () => {
    const workloads = await loadWorkloads(config, [], { repeats: 1 });
    expect(workloads.map((workload) => workload.name)).toEqual(['broken', 'steady']);
    const events: string[] = [];
    const onProgress = (event: ProgressEvent) =>
      events.push(
        `${event.workloadIndex + 1}/${event.workloadCount} ${event.workload} ${event.phase} ${event.repeat}/${event.repeats}`,
      );
    const [broken, steady] = await measureAll(workloads, config, { diagnose: true, onProgress });
    expect(broken?.ok).toBe(false);
    if (broken && !broken.ok) {
      expect(broken.error.message).toContain('threw during setup: database url missing');
      expect(broken.error.stderr).toContain('database url missing');
    }
    expect(steady?.ok).toBe(true);
    if (steady?.ok) {
      expect(steady.runs).toHaveLength(1);
      expect(steady.measurement.settings).toMatchObject({ repeats: 1, ops: 200, warmupOps: 10, batchSize: 20 });
      expect(steady.measurement.definitionHash).toBe(workloads[1]?.definitionHash);
      // --diagnose runs the diagnosis even though nothing leaks.
      expect(steady.measurement.diagnosis).not.toBeNull();
    }
    expect(events).toEqual([
      '1/2 broken start 1/1',
      '2/2 steady start 1/1',
      '2/2 steady done 1/1',
      '2/2 steady diagnose 1/1',
    ]);
  });

  it('measures the repeat that sized a time-sized run again, so every kept repeat ran after the same preamble', async () => {
    // The lru-cache sample, a synchronous op: the sizing repeat's calibration rounds ran before its natural
    // phase and grew the young generation, and it read 62-70 scavenges where the later repeats read 93-95.
    const sample = validateConfig(
      { workloads: 'workloads/lru-cache.workload.ts', timeout: '20s', defaults: { time: '600ms' } },
      undefined,
      REPO,
    );
    const workloads = await loadWorkloads(sample, [], { repeats: 2 });
    const events: string[] = [];
    const [lru] = await measureAll(workloads, sample, {
      onProgress: (event) => events.push(`${event.phase} ${event.repeat}`),
    });
    expect(lru?.ok).toBe(true);
    if (!lru?.ok) return;
    // Two kept repeats (the sizing one is not among them), both run at the decided counts.
    expect(lru.runs).toHaveLength(2);
    expect(events).toEqual(['start 1', 'done 1', 'start 2', 'done 2']);
    const [first, second] = lru.runs.map((run) => run.gc?.pauses.length);
    expect(lru.runs.map((run) => run.naturalPhase?.ops)).toEqual([
      lru.measurement.settings.naturalOps,
      lru.measurement.settings.naturalOps,
    ]);
    expect(first, 'the natural phase saw no collection').toBeGreaterThan(0);
    // Equal preambles give counts within a few scavenges (93-95 at 1 s); the sizing repeat read 30-45% fewer.
    expect(Math.abs((first ?? 0) - (second ?? 0)), `scavenges ${first} and ${second}`).toBeLessThanOrEqual(
      0.15 * Math.max(first ?? 0, second ?? 0),
    );
  });

  it('stops with "interrupted" instead of reporting an error result when aborted', async () => {
    const workloads = await loadWorkloads(config, ['steady']);
    const controller = new AbortController();
    controller.abort(new Error('Ctrl-C'));
    await expect(measureAll(workloads, config, { signal: controller.signal })).rejects.toThrow(
      /^interrupted: measuring stopped and every child process was killed$/,
    );
  });
});
