import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../harness/soak/run.js';
import { SoakState } from '../../harness/soak/state.js';
import { loadedProcessWorkload, testConfig } from '../fixtures/process/loaded.js';

const linux = process.platform === 'linux';

describe.runIf(linux)('a short soak', () => {
  it('stops early and fails when memory grows past the limit, writing its state file', async () => {
    const config = testConfig();
    const workload = loadedProcessWorkload({
      name: 'soak-leak',
      command: 'node',
      args: ['rss-grower.mjs'],
      nodeProbe: false,
      ready: { stdout: 'ready' },
      sampleInterval: '50ms',
    });
    const outcome = await runSoak(workload, config, { tag: 'leak', durationMs: 20_000, intervalMs: 200 });
    const state = SoakState.parse(JSON.parse(readFileSync(outcome.stateFile, 'utf8')));
    expect(state.status).toBe('failed');
    // Stopped early: before the 20 s asked for, with fewer than its 100 planned checks (20 s / 200 ms).
    expect(state.targetMs).toBe(20_000);
    expect(state.elapsedMs).toBeLessThan(state.targetMs);
    expect(state.checks).toBeLessThan(state.targetMs / state.intervalMs);
    expect(state.breaches[0]?.resource).toBe('rss');
    expect(state.breaches[0]?.message).toMatch(/^memory grow [\d.]+ MB\/min \(95% interval/);
    expect(state.trend.rss.direction).toBe('rising');
    expect(state.checks).toBeGreaterThanOrEqual(6);
    expect(state.cleanMs).toBeLessThan(state.elapsedMs);
    expect(outcome.run?.shutdown?.exitCode, 'the service is still shut down gracefully').toBe(0);
  });

  it('passes on a clean process after the full duration', async () => {
    const config = testConfig();
    const workload = loadedProcessWorkload({
      name: 'soak-clean',
      command: 'node',
      args: ['clean-service.mjs'],
      ready: { stdout: 'ready' },
    });
    const outcome = await runSoak(workload, config, { tag: 'clean', durationMs: 2500, intervalMs: 200 });
    const state = SoakState.parse(JSON.parse(readFileSync(outcome.stateFile, 'utf8')));
    expect(state.status).toBe('passed');
    expect(state.breaches).toEqual([]);
    expect(state.cleanMs).toBe(state.elapsedMs);
    expect(state.elapsedMs).toBeGreaterThanOrEqual(2400);
    // ~12 checks in 2.5s at 200ms; timers on a loaded machine may drop a few.
    expect(state.checks).toBeGreaterThanOrEqual(6);
    expect(state.trend.fd?.perMin).not.toBeUndefined();
    expect(outcome.run?.kind).toBe('process');
  });
});
