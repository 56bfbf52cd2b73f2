import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../harness/soak/run.js';
import { SoakState } from '../../harness/soak/state.js';
import { loadedProcessWorkload, testConfig } from '../fixtures/process/loaded.js';

const linux = process.platform === 'linux';

describe.runIf(linux)('a short soak', () => {
  it('stops early and fails when memory grows past the limit, writing its state file', async () => {
    const config = testConfig();
    const workload = loadedProcessWorkload({ name: 'soak-leak', command: 'node', args: ['rss-grower.mjs'], nodeProbe: false, ready: { stdout: 'ready' }, sampleInterval: '50ms' });
    const started = performance.now();
    const outcome = await runSoak(workload, config, { tag: 'leak', durationMs: 20_000, intervalMs: 200 });
    const elapsed = performance.now() - started;
    // 6 checks after the 2s warmup (10% of 20s) at 200ms intervals: a breach by ~3.5s; 20s would mean no early stop.
    expect(elapsed).toBeLessThan(12_000);
    const state = SoakState.parse(JSON.parse(readFileSync(outcome.stateFile, 'utf8')));
    expect(state.status).toBe('failed');
    expect(state.breaches[0]?.resource).toBe('rss');
    expect(state.breaches[0]?.message).toMatch(/^memory grow [\d.]+ MB\/min \(95% interval/);
    expect(state.trend.rss.direction).toBe('rising');
    expect(state.checks).toBeGreaterThanOrEqual(6);
    expect(state.cleanMs).toBeLessThan(state.elapsedMs);
    expect(outcome.run?.shutdown?.exitCode, 'the service is still shut down gracefully').toBe(0);
  });

  it('passes on a clean process after the full duration', async () => {
    const config = testConfig();
    const workload = loadedProcessWorkload({ name: 'soak-clean', command: 'node', args: ['clean-service.mjs'], ready: { stdout: 'ready' } });
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
