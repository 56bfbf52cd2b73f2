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

  it('stops with "interrupted" instead of reporting an error result when aborted', async () => {
    const workloads = await loadWorkloads(config, ['steady']);
    const controller = new AbortController();
    controller.abort(new Error('Ctrl-C'));
    await expect(measureAll(workloads, config, { signal: controller.signal })).rejects.toThrow(
      /^interrupted: measuring stopped and every child process was killed$/,
    );
  });
});
