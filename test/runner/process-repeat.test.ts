// Real processes from test/fixtures/process, measured the way `memgate run` does.
import { describe, expect, it } from 'vitest';
import { MemgateError } from '../../harness/errors.js';
import { runProcessRepeat } from '../../harness/runner/process-repeat.js';
import { theilSen } from '../../harness/stats/index.js';
import { loadedProcessWorkload, testConfig } from '../fixtures/process/loaded.js';
import { get, processesWith } from '../fixtures/process/live.js';

const linux = process.platform === 'linux';
const config = testConfig();

const devNulls = (targets: readonly string[]): number => targets.filter((target) => target === '/dev/null').length;

async function failureOf(promise: Promise<unknown>): Promise<MemgateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MemgateError);
  return error as MemgateError;
}

describe.runIf(linux)('process workloads', () => {
  const server = (leak: boolean) =>
    loadedProcessWorkload({
      name: leak ? 'fd-leak' : 'fd-clean',
      command: 'node',
      args: ['fd-leak-server.mjs'],
      env: { LEAK: leak ? '1' : '0' },
      ready: { stdout: /listening on (?<port>\d+)/ },
      drive: { op: (ctx) => get(ctx.port), ops: 120, rate: 200 },
    });

  it('detects a server leaking one file descriptor per request, and not a clean one', async () => {
    const [leaky, clean] = [
      await runProcessRepeat(server(true), config, { repeatIndex: 0 }),
      await runProcessRepeat(server(false), config, { repeatIndex: 0 }),
    ];
    // Exactly one /dev/null per request: deterministic, whatever the timing.
    expect(devNulls(leaky.fdTargets?.end ?? []) - devNulls(leaky.fdTargets?.start ?? [])).toBe(120);
    expect(devNulls(clean.fdTargets?.end ?? []) - devNulls(clean.fdTargets?.start ?? [])).toBe(0);
    // The same growth is visible in the tree samples memgate's leak analysis reads.
    const fdSlopePerMin = (run: typeof leaky) => {
      const tree = (run.tree ?? []).filter((s) => s.fds !== null);
      return theilSen(
        tree.map((s) => s.tMs / 60_000),
        tree.map((s) => s.fds as number),
      ).slope;
    };
    // ~120 FDs in ~0.6s is thousands per minute, far above the 0.1/min default limit.
    const leakySlope = fdSlopePerMin(leaky);
    expect(leakySlope).toBeGreaterThan(1000);
    // The clean server's exact count is checked above; a slope fitted over ~0.6 s of samples
    // turns one passing socket into minutes-scaled noise, so it need only be negligible next to the leak's: under 1%.
    expect(Math.abs(fdSlopePerMin(clean))).toBeLessThan(leakySlope / 100);
    expect(leaky.ops).toBe(120);
    expect(leaky.latency?.count).toBe(120);
    expect(leaky.custom['errorRate']).toBe(0);
    // The injected probe reports GC and heap from inside the Node service.
    expect(leaky.gc).not.toBeNull();
    expect(leaky.allocatedBytes).toBeGreaterThan(0);
    expect(leaky.memory.heapUsedPeak).toBeGreaterThan(0);
    // The service's main thread handled 120 requests: it was on a CPU for some of the measured phase.
    if (process.platform === 'linux') expect(leaky.cpuWait?.runMs).toBeGreaterThan(0);
    expect(leaky.shutdown).toMatchObject({ signal: 'SIGINT', exitCode: 0, timedOut: false, orphans: [], problems: [] });
  });

  it("probes only the Node process it started, not that process's own Node children", async () => {
    const workload = loadedProcessWorkload({
      name: 'node-parent',
      command: process.execPath,
      args: ['node-parent.mjs'],
      duration: '100ms',
      ready: { stdout: 'ready' },
      logMetrics: { match: { msg: 'child' }, map: { probed: 'custom.childProbed' } },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.gc, 'the started process is probed').not.toBeNull();
    expect(run.custom['childProbed']).toBe(0);
  });

  it('keeps the default SIGINT behaviour of a Node service without a handler, and still gets the probe result', async () => {
    const workload = loadedProcessWorkload({
      name: 'no-handler',
      command: 'node',
      args: ['no-handler.mjs'],
      duration: '100ms',
      ready: { stdout: 'ready' },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.shutdown).toMatchObject({ exitCode: null, exitSignal: 'SIGINT', timedOut: false });
    expect(run.shutdown?.problems, 'death by the signal sent is a clean stop (the systemd convention)').toEqual([]);
    expect(run.gc, 'the probe wrote its result before re-raising the signal').not.toBeNull();
    // The service runs the `node` on PATH, which need not be memgate's own: the probe says which it was.
    expect(run.runtime).toMatch(/^node \d+\.\d+\.\d+$/);
  });

  it('measures steady RSS growth at its true rate', async () => {
    const workload = loadedProcessWorkload({
      name: 'rss-grower',
      command: 'node',
      args: ['rss-grower.mjs'],
      nodeProbe: false,
      duration: '1500ms',
      sampleInterval: '50ms',
      ready: { stdout: 'ready' },
      logMetrics: { match: { msg: 'grow' }, map: { grown_bytes: 'custom.grownBytes', over_ms: 'custom.overMs' } },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    const tree = run.tree ?? [];
    const measured = theilSen(
      tree.map((s) => s.tMs),
      tree.map((s) => s.rss),
    ).slope;
    // The true rate by the process's own clock (its timers may run late on a busy machine).
    const truth = (run.custom['grownBytes'] as number) / (run.custom['overMs'] as number);
    // ~20 MB/s over 1.5s is ~30 MB of growth; each sample can be off by one 1 MiB step and the
    // allocator's own bookkeeping, a few percent of the total: 15% is a wide but honest band.
    expect(measured / truth).toBeGreaterThan(0.85);
    expect(measured / truth).toBeLessThan(1.15);
    expect(run.gc, 'no probe when nodeProbe is false').toBeNull();
    expect(run.runtime, 'no probe, so nothing says which runtime it was').toBeUndefined();
  });

  it('parses JSON samples a Python worker prints, with match, nested keys and aggregates', async () => {
    const workload = loadedProcessWorkload({
      name: 'py-samples',
      command: 'python3',
      args: ['json-samples.py'],
      duration: '600ms',
      ready: { stdout: 'worker ready' },
      logMetrics: {
        match: { msg: 'memory_sample' },
        map: {
          rss_bytes: 'rss.peak',
          db_connections: { metric: 'custom.dbConnections', aggregate: 'max' },
          cache_hit_rate: 'custom.cacheHitRate',
          'nested.depth': 'custom.depth',
        },
      },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    // 3 + i % 5 peaks at 7 after five samples; the "other" lines with 99 do not match.
    expect(run.custom['dbConnections']).toBe(7);
    expect(run.custom['cacheHitRate']).toBe(0.9);
    expect(run.custom['depth']).toBeGreaterThanOrEqual(5);
    // GC figures come from the injected Python probe (by generation), not from the log.
    expect(run.gc?.pauses.every((pause) => pause.generation !== undefined)).toBe(true);
    expect(run.shutdown?.exitCode).toBe(0);
  });

  it('fails the shutdown of a process that ignores SIGINT at the timeout, and kills it', async () => {
    const token = `memgate-ignore-${process.pid}-${Date.now()}`;
    const workload = loadedProcessWorkload({
      name: 'stubborn',
      command: 'node',
      args: ['ignore-sigint.mjs', token],
      nodeProbe: false,
      duration: '200ms',
      ready: { stdout: 'ready' },
      shutdown: { timeout: '700ms' },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.shutdown?.timedOut).toBe(true);
    expect(run.shutdown?.ms).toBeGreaterThanOrEqual(700);
    expect(run.shutdown?.exitSignal).toBe('SIGKILL');
    expect(run.shutdown?.problems?.[0]).toMatch(/did not exit within shutdown.timeout 700ms, memgate killed it/);
    expect(processesWith(token)).toEqual([]);
  });

  it('reports a grandchild left running as an orphan, then kills it', async () => {
    const token = `memgate-orphan-${process.pid}-${Date.now()}`;
    const workload = loadedProcessWorkload({
      name: 'leaves-child',
      command: 'node',
      args: ['leave-grandchild.mjs', token],
      nodeProbe: false,
      duration: '300ms',
      ready: { stdout: 'ready' },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.shutdown?.exitCode).toBe(0);
    expect(run.shutdown?.orphans).toHaveLength(1);
    expect(run.shutdown?.orphans[0]?.command).toContain(token);
    expect(run.shutdown?.problems?.[0]).toMatch(/left 1 process\(es\) running/);
    expect(
      run.tree?.some((sample) => sample.processes === 2),
      'the child was sampled as part of the tree',
    ).toBe(true);
    expect(processesWith(token)).toEqual([]);
  });

  it('kills everything it started when interrupted (Ctrl-C), and says so', async () => {
    const token = `memgate-abort-${process.pid}-${Date.now()}`;
    const workload = loadedProcessWorkload({
      name: 'interrupted',
      command: 'node',
      args: ['leave-grandchild.mjs', token],
      nodeProbe: false,
      duration: '20s',
      ready: { stdout: 'ready' },
    });
    const controller = new AbortController();
    const run = runProcessRepeat(workload, config, {
      repeatIndex: 0,
      signal: controller.signal,
      onMeasureStart: () => setTimeout(() => controller.abort(), 100),
    });
    const error = await failureOf(run);
    expect(error.message).toMatch(/interrupted; "node leave-grandchild.mjs memgate-abort-\d+-\d+" was killed/);
    // The child and its grandchild share the process group memgate SIGKILLs; give the kernel a moment.
    for (let waited = 0; processesWith(token).length > 0 && waited < 2000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    expect(processesWith(token)).toEqual([]);
  });

  it('fails with CHILD_FAILED, exit code and stderr when the process exits before memgate stops it', async () => {
    const workload = loadedProcessWorkload({
      name: 'crashes',
      command: 'node',
      args: ['exit-early.mjs'],
      nodeProbe: false,
      duration: '3s',
      ready: { stdout: 'ready' },
    });
    const error = await failureOf(runProcessRepeat(workload, config, { repeatIndex: 0 }));
    expect(error.code).toBe('CHILD_FAILED');
    expect(error.message).toMatch(/exited with code 3 \d+ms into the measured phase/);
    expect(error.message).toContain('fatal: lost the database connection');
  });

  it('fails with PROCESS_NOT_READY (a known error: exit 2) when the ready line never comes', async () => {
    const workload = loadedProcessWorkload({
      name: 'never-ready',
      command: 'node',
      args: ['never-ready.mjs'],
      nodeProbe: false,
      ready: { stdout: 'READY', timeout: '3s' },
    });
    const error = await failureOf(runProcessRepeat(workload, config, { repeatIndex: 0 }));
    expect(error.code).toBe('PROCESS_NOT_READY');
    expect(error.message).toBe(
      'test/fixtures/process/never-ready.workload.ts: ready expected a stdout line matching /READY/ within 3000ms, but "node never-ready.mjs" was not ready; last output: starting...; fix ready.* or raise ready.timeout',
    );
  });

  it('fails with CHILD_FAILED when the command exits before it is ready', async () => {
    const workload = loadedProcessWorkload({
      name: 'no-such-script',
      command: 'node',
      args: ['missing-script.mjs'],
      nodeProbe: false,
      ready: { stdout: 'ready' },
    });
    const error = await failureOf(runProcessRepeat(workload, config, { repeatIndex: 0 }));
    expect(error.code).toBe('CHILD_FAILED');
    expect(error.message).toMatch(
      /"node missing-script.mjs" exited with code 1 before it was ready \(waiting for a stdout line matching \/ready\/\); output: .*Cannot find module/,
    );
  });
});
