// The injected Python probe, on real python3 programs run as process workloads.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveRepeatMetrics } from '../../../harness/metrics/derive.js';
import { runProcessRepeat } from '../../../harness/runner/process-repeat.js';
import { percentiles } from '../../../harness/stats/index.js';
import { fixture, FIXTURES, loadedProcessWorkload, testConfig } from '../../fixtures/process/loaded.js';

const linux = process.platform === 'linux';
const config = testConfig();
const scratch = mkdtempSync(join(tmpdir(), 'memgate-py-probe-'));

describe.runIf(linux)('the Python probe', () => {
  it("measures GC pauses within 20% of the program's own gc.callbacks measurement, by generation", async () => {
    const selfFile = join(scratch, 'self-gc.json');
    const workload = loadedProcessWorkload({
      name: 'py-gc-self',
      command: 'python3',
      args: ['py-gc-self.py'],
      env: { SELF_GC_FILE: selfFile },
      ready: { stdout: 'gc fixture ready' },
      duration: '2s',
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    const own = JSON.parse(readFileSync(selfFile, 'utf8')) as Array<[number, number]>;
    const probed = run.gc?.pauses ?? [];
    // Both saw the same collections: the probe also sees the few of start-up (before the program
    // registered its callback) and exit, a small share of the hundreds the loop causes.
    expect(own.length).toBeGreaterThan(200);
    expect(probed.length / own.length).toBeGreaterThanOrEqual(1);
    expect(probed.length / own.length).toBeLessThan(1.2);
    const ownFull = own.filter(([generation]) => generation === 2).length;
    const probedFull = probed.filter((pause) => pause.generation === 2).length;
    expect(ownFull).toBeGreaterThan(0);
    expect(Math.abs(probedFull - ownFull)).toBeLessThanOrEqual(Math.max(2, ownFull * 0.2));
    // The figures memgate reports, against the same statistics of the program's own pauses.
    const metrics = deriveRepeatMetrics(run);
    const [p50, p95, max] = percentiles(
      own.map(([, ms]) => ms),
      [0.5, 0.95, 1],
    ) as [number, number, number];
    for (const [id, expected] of [
      ['gc.pause.p50', p50],
      ['gc.pause.p95', p95],
      ['gc.pause.max', max],
    ] as const) {
      const ratio = (metrics[id] ?? NaN) / expected;
      expect(ratio, `${id}: probe ${metrics[id]} ms, program ${expected} ms`).toBeGreaterThan(0.8);
      expect(ratio, `${id}: probe ${metrics[id]} ms, program ${expected} ms`).toBeLessThan(1.2);
    }
    expect(metrics['gc.count']).toBe(probed.length);
    expect(metrics['gc.count.gen0']! + metrics['gc.count.gen1']! + metrics['gc.count.gen2']!).toBe(probed.length);
    expect(metrics['gc.count.gen2']).toBe(probedFull);
    const version = execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], {
      encoding: 'utf8',
    }).trim();
    expect(run.runtime).toBe(`python ${version}`);
  }, 60_000);

  it('names the leaking line (file:line) from a tracemalloc diff in a what-grew run', async () => {
    const source = readFileSync(fixture('py-leak.py'), 'utf8').split('\n');
    const leakLine = source.findIndex((line) => line.includes('# LEAK')) + 1;
    const workload = loadedProcessWorkload({
      name: 'py-leak',
      command: 'python3',
      args: ['py-leak.py'],
      ready: { stdout: 'leaky ready' },
      duration: '1500ms',
    });
    const run = await runProcessRepeat(workload, config, {
      repeatIndex: 0,
      whatGrewDir: join(scratch, 'diagnose'),
    });
    const top = run.allocationGrowers?.[0];
    expect(top?.name).toBe(`${fixture('py-leak.py')}:${leakLine}`);
    // ~1.5 s at one 64 KiB bytearray per ~10 ms: well over 20 blocks, over a MiB.
    expect(top?.countDelta).toBeGreaterThan(20);
    expect(top?.sizeDelta).toBeGreaterThan(1024 * 1024);
    // The scratch list is freed every turn: its line does not grow by more than one turn's worth.
    const scratchLine = source.findIndex((line) => line.includes('freed on the next turn')) + 1;
    const scratchGrowth = run.allocationGrowers?.find((grower) => grower.name.endsWith(`:${scratchLine}`));
    expect(scratchGrowth?.sizeDelta ?? 0).toBeLessThan(64 * 1024);
  }, 60_000);

  it('leaves tracemalloc off in a normal run', async () => {
    // The GC fixture: thousands of collections a second, so GC figures arrive whatever the timing.
    const workload = loadedProcessWorkload({
      name: 'py-gc-plain',
      command: 'python3',
      args: ['py-gc-self.py'],
      env: { SELF_GC_FILE: join(scratch, 'plain-gc.json') },
      ready: { stdout: 'gc fixture ready' },
      duration: '300ms',
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.allocationGrowers).toBeUndefined();
    expect(run.gc?.pauses.length).toBeGreaterThan(0);
  }, 60_000);

  it("keeps the user's PYTHONPATH, chains to their sitecustomize and hides itself from child processes", async () => {
    const reportFile = join(scratch, 'env.json');
    const userSite = join(FIXTURES, 'user-site');
    const workload = loadedProcessWorkload({
      name: 'py-child-env',
      command: 'python3',
      args: ['py-child-env.py'],
      env: { ENV_REPORT_FILE: reportFile, PYTHONPATH: userSite },
      ready: { stdout: 'env ready' },
      duration: '200ms',
      shutdown: { expectExitCode: null },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Record<string, unknown>;
    expect(report['sitecustomize']).toBe(join(userSite, 'sitecustomize.py'));
    expect(report['userMarker']).toBe('the user sitecustomize ran');
    expect(String(report['pythonpath']).split(':').slice(1)).toEqual([userSite]);
    expect(report['ownProbeEnv']).toEqual([]);
    expect(report['childProbeEnv']).toEqual({});
    // The program was still probed (it died of SIGINT through KeyboardInterrupt; atexit ran).
    expect(run.gc).not.toBeNull();
  }, 60_000);

  it('still writes its result when SIGTERM kills a program with no handler, which dies of it as before', async () => {
    const workload = loadedProcessWorkload({
      name: 'py-sigterm',
      command: 'python3',
      args: ['-c', 'import time\nprint("up", flush=True)\nwhile True: time.sleep(0.05)'],
      ready: { stdout: 'up' },
      duration: '200ms',
      shutdown: { signal: 'SIGTERM', expectExitCode: null },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.shutdown?.exitSignal).toBe('SIGTERM');
    expect(run.gc).not.toBeNull();
    expect(run.notes.join(' ')).not.toContain('Python probe');
  }, 60_000);

  it('stays out of the way of a program that is not Python', async () => {
    const workload = loadedProcessWorkload({
      name: 'sh-sleeper',
      command: 'sh',
      args: ['-c', 'echo "up $PYTHONPATH"; exec sleep 30'],
      ready: { stdout: 'up' },
      duration: '200ms',
      shutdown: { expectExitCode: null },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.gc).toBeNull();
    expect(run.notes).toEqual([]);
  }, 60_000);
});
