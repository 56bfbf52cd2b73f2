// A soak that breaches records what grew: FD targets, and the heap or
// tracemalloc diff when the workload's probe recorded one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseBreach } from '../../harness/soak/breach-diagnosis.js';
import { buildSoakReport } from '../../harness/soak/report.js';
import { runSoak } from '../../harness/soak/run.js';
import { ENV } from '../fixtures/compare/make.js';
import { fixture, loadedProcessWorkload, testConfig } from '../fixtures/process/loaded.js';

const linux = process.platform === 'linux';
const context = { env: ENV, commit: null, branch: null, createdAt: '2026-12-01T00:00:00.000Z' };

describe.runIf(linux)('a soak that breaches', () => {
  it('names the FD targets and the leaking Python line (tracemalloc)', async () => {
    const config = testConfig();
    const leakLine =
      readFileSync(fixture('py-fd-leak.py'), 'utf8')
        .split('\n')
        .findIndex((line) => line.includes('# LEAK')) + 1;
    const workload = loadedProcessWorkload({
      name: 'soak-py-leak',
      command: 'python3',
      args: ['py-fd-leak.py'],
      probe: { tracemalloc: true },
      ready: { stdout: 'fd leak ready' },
      sampleInterval: '50ms',
    });
    const outcome = await runSoak(workload, config, { tag: 'py-leak', durationMs: 30_000, intervalMs: 200 });
    expect(outcome.state.status).toBe('failed');
    const diagnosis = await diagnoseBreach(outcome.run!);
    // ~50 descriptors a second for several seconds, all to /dev/null.
    expect(diagnosis.fds[0]?.target).toBe('/dev/null');
    expect(diagnosis.fds[0]?.delta).toBeGreaterThan(20);
    expect(diagnosis.heap?.source).toBe('tracemalloc');
    expect(diagnosis.heap?.growers[0]?.name).toBe(`${fixture('py-fd-leak.py')}:${leakLine}`);
    const report = buildSoakReport(workload, outcome.run, outcome.state, context, diagnosis);
    expect(report.workloads[0]?.diagnosis).toEqual(diagnosis);
  }, 90_000);

  it('names the class that grew in a Node service from heap snapshots at the start and at the breach', async () => {
    const config = testConfig();
    const workload = loadedProcessWorkload({
      name: 'soak-node-leak',
      command: 'node',
      args: ['node-heap-leak.mjs'],
      probe: { heapSnapshots: true },
      ready: { stdout: 'heap leak ready' },
      sampleInterval: '50ms',
      leak: { rssRate: '1MB/min' },
    });
    const outcome = await runSoak(workload, config, { tag: 'node-leak', durationMs: 30_000, intervalMs: 200 });
    expect(outcome.state.status).toBe('failed');
    expect(outcome.run?.heapSnapshots).toHaveLength(2);
    const diagnosis = await diagnoseBreach(outcome.run!);
    expect(diagnosis.heap?.growers[0]?.name).toBe('LeakedSession');
  }, 120_000);
});
