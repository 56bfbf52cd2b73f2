// Several processes as one workload: started in order, gated on their summed
// RSS, each stopped (and blamed) on its own.
import { describe, expect, it } from 'vitest';
import { defineWorkload } from '../../harness/config/define-workload.js';
import { ProcessWorkloadSchema } from '../../harness/config/workload-schema.js';
import { deriveRepeatMetrics } from '../../harness/metrics/derive.js';
import { runProcessRepeat } from '../../harness/runner/process-repeat.js';
import { loadedProcessWorkload, testConfig } from '../fixtures/process/loaded.js';
import { get, processesWith } from '../fixtures/process/live.js';

const linux = process.platform === 'linux';
const config = testConfig();
const MB = 1e6;

const holder = (name: string, mb: number, ...extra: string[]) => ({
  name,
  command: 'python3',
  args: ['hold-memory.py', String(mb), ...extra],
  ready: { stdout: 'ready' },
});

describe.runIf(linux)('several processes as one workload', () => {
  it('sums the RSS of all processes and keeps each one’s peak', async () => {
    const workload = loadedProcessWorkload({
      name: 'pair',
      processes: [holder('small', 20), holder('big', 80)],
      duration: '600ms',
      sampleInterval: '50ms',
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.shutdown?.problems).toEqual([]);
    const [small, big] = run.processes ?? [];
    expect([small?.name, big?.name]).toEqual(['small', 'big']);
    // 60 MB more held by "big"; interpreters differ by far less than the 20 MB margin.
    expect((big?.rssPeak ?? 0) - (small?.rssPeak ?? 0)).toBeGreaterThan(40 * MB);
    const rssPeak = deriveRepeatMetrics(run)['rss.peak'] ?? 0;
    // The peak of the sum is at most the sum of the peaks, and both hold their memory all along.
    expect(rssPeak).toBeLessThanOrEqual((small?.rssPeak ?? 0) + (big?.rssPeak ?? 0));
    expect(rssPeak).toBeGreaterThan(0.9 * ((small?.rssPeak ?? 0) + (big?.rssPeak ?? 0)));
    expect(rssPeak).toBeGreaterThan(100 * MB);
  });

  it('hands each ready port to the driver by name', async () => {
    const seen = new Set<string>();
    const server = (name: string) => ({
      name,
      command: 'node',
      args: ['fd-leak-server.mjs'],
      env: { LEAK: '0' },
      nodeProbe: false,
      ready: { stdout: /listening on (?<port>\d+)/ },
    });
    const workload = loadedProcessWorkload({
      name: 'two-servers',
      processes: [server('front'), server('back')],
      drive: {
        ops: 10,
        op: async (ctx) => {
          seen.add(Object.keys(ctx.ports).sort().join(','));
          expect(ctx.port).toBe(ctx.ports['front']);
          await Promise.all([get(ctx.ports['front']), get(ctx.ports['back'])]);
        },
      },
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.latency?.errors).toBe(0);
    expect(run.ops).toBe(10);
    expect([...seen]).toEqual(['back,front']);
    expect(run.shutdown?.problems).toEqual([]);
  });

  it('names the process whose shutdown failed, and kills all of them', async () => {
    const token = `memgate-several-${process.pid}-${Date.now()}`;
    const workload = loadedProcessWorkload({
      name: 'one-stubborn',
      processes: [
        holder('db', 5, 'handle', token),
        { ...holder('api', 5, 'ignore', token), shutdown: { timeout: '1s' } },
      ],
      duration: '200ms',
    });
    const run = await runProcessRepeat(workload, config, { repeatIndex: 0 });
    expect(run.shutdown?.timedOut).toBe(true);
    expect(run.shutdown?.problems).toHaveLength(1);
    expect(run.shutdown?.problems?.[0]).toMatch(/^"api" ignores SIGINT/);
    expect(processesWith(token)).toEqual([]);
  });

  it('accepts processes written with defineWorkload (typed), and rejects command beside them or a name twice', () => {
    const typed = defineWorkload({
      name: 'typed',
      processes: [
        { name: 'db', command: 'python3', shutdown: { target: 'group' } },
        { name: 'api', command: 'node', ready: { port: 8080 } },
      ],
      fdPatterns: { dbFiles: '*.db' },
    });
    expect(ProcessWorkloadSchema.safeParse(typed).success).toBe(true);
    const both = ProcessWorkloadSchema.safeParse({ name: 'x', command: 'a', processes: [{ name: 'a', command: 'a' }] });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]?.message).toContain('"command" is set per process when there is "processes"');
    const twice = ProcessWorkloadSchema.safeParse({
      name: 'x',
      processes: [
        { name: 'a', command: 'a' },
        { name: 'a', command: 'b' },
      ],
    });
    expect(twice.error?.issues[0]).toMatchObject({ path: ['processes', 1, 'name'] });
    expect(ProcessWorkloadSchema.safeParse({ name: 'x' }).error?.issues[0]?.message).toContain(
      'needs "command" or "processes"',
    );
  });
});
