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

  it('stops at once when a sample breaks an rss.peak budget, before any growth could be judged', async () => {
    const config = testConfig();
    const workload = loadedProcessWorkload({
      name: 'soak-budget',
      command: 'node',
      args: ['clean-service.mjs'],
      nodeProbe: false,
      ready: { stdout: 'ready' },
      // Any node process is over 1 MB: the first sample of the measured phase breaks it.
      budgets: { 'rss.peak': '1MB' },
    });
    const outcome = await runSoak(workload, config, { tag: 'budget', durationMs: 30_000, intervalMs: 5_000 });
    const state = SoakState.parse(JSON.parse(readFileSync(outcome.stateFile, 'utf8')));
    expect(state.status).toBe('failed');
    expect(state.breaches).toHaveLength(1);
    expect(state.breaches[0]?.metric).toBe('rss.peak');
    expect(state.breaches[0]?.message).toMatch(
      /^rss\.peak [\d.]+ MB is over its budget of 1\.00 MB: the soak stopped at once$/,
    );
    // Stopped before the first 5 s check could judge growth: no check ran, far short of 30 s.
    expect(state.checks).toBe(0);
    expect(state.elapsedMs).toBeLessThan(state.intervalMs);
    expect(outcome.run?.shutdown?.exitCode, 'the service is still shut down gracefully').toBe(0);
  });

  it('ends a slow leak under the 4 MiB floor inconclusive, with the minutes it still needs', async () => {
    const config = testConfig();
    const workload = loadedProcessWorkload({
      name: 'soak-slow-leak',
      command: 'node',
      args: ['rss-grower.mjs'],
      // 32 KB every 100 ms: ~19 MB/min, 190x the 0.1 MB/min limit, but under 4 MiB in the 6 s soak.
      env: { GROW_BYTES: '32000', GROW_EVERY_MS: '100' },
      nodeProbe: false,
      ready: { stdout: 'ready' },
      sampleInterval: '50ms',
    });
    const outcome = await runSoak(workload, config, { tag: 'slow', durationMs: 6000, intervalMs: 250 });
    const state = SoakState.parse(JSON.parse(readFileSync(outcome.stateFile, 'utf8')));
    expect(state.status).toBe('inconclusive');
    expect(state.breaches).toEqual([]);
    expect(state.pending.map((p) => p.resource)).toEqual(['rss']);
    expect(state.pending[0]?.minutesMore).toBeGreaterThanOrEqual(1);
    expect(state.pending[0]?.message).toMatch(/not enough evidence yet, about \d+ more minutes needed$/);
  });
});
