// `memgate compare` on a project whose only measurements are an unmodified
// tinybench file and an unmodified vitest bench file (test/fixtures/bench/
// project, copied to a temp dir with node_modules linked in). Record
// baselines, then inject a leak into one task (leak.txt) and +20%
// allocation into another (scale.txt): exactly those two fail, and the leak
// comes with its diagnosis.
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.js';
import type { Report } from '../../harness/model/report.js';
import { runCli } from './run-cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/bench/project/', import.meta.url));
const MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const TASKS = [
  'bench/arrays.bench.ts#arrays > fill',
  'bench/arrays.bench.ts#arrays > slice',
  'bench/sessions.bench.ts#open session',
  'bench/sessions.bench.ts#join words',
];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'memgate-bench-compare-'));
  await cp(FIXTURE, dir, { recursive: true });
  await mkdir(path.join(dir, 'node_modules'));
  await symlink(path.join(MODULES, 'tinybench'), path.join(dir, 'node_modules', 'tinybench'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const byName = (report: Report, name: string) => report.workloads.find((workload) => workload.name === name);

describe('memgate compare on bench files', () => {
  it('records every task, then fails on exactly the leaking and the +20% task and diagnoses the leak', async () => {
    const first = await runCli(main, dir, ['compare', '--reporter', 'json']);
    expect(first.code, first.stderr).toBe(0);
    const recorded = JSON.parse(first.stdout) as Report;
    expect(recorded.workloads.map((workload) => workload.name)).toEqual(TASKS);
    expect(recorded.workloads.every((workload) => workload.status === 'new')).toBe(true);
    // One baseline file per task, with a portable name.
    const files = (await readdir(path.join(dir, 'baselines'))).sort();
    expect(files).toHaveLength(4);
    for (const file of files) expect(file).toMatch(/^bench_[A-Za-z0-9._#-]+\.[0-9a-f]{8}\.json$/);

    await writeFile(path.join(dir, 'leak.txt'), 'keep every session\n');
    await writeFile(path.join(dir, 'scale.txt'), '1.2\n');
    const regressed = await runCli(main, dir, ['compare', '--reporter', 'json', '--reporter', 'terminal:report.txt']);
    expect(regressed.code, regressed.stderr).toBe(1);
    const report = JSON.parse(regressed.stdout) as Report;
    // Failing is regressed or error: an unchanged task may still read `improved` (a wall-clock metric of a
    // baseline recorded a minute earlier, in this same test), which passes the gate.
    const failed = report.workloads
      .filter((workload) => workload.status === 'regressed' || workload.status === 'error')
      .map((workload) => workload.name);
    // On failure, say which verdicts failed each workload.
    const why = report.workloads.map((workload) => ({
      name: workload.name,
      status: workload.status,
      error: workload.error,
      problems: workload.problems,
      other: workload.metrics
        .filter((m) => !['unchanged', 'noise', 'new', 'measured', 'regressed'].includes(m.status) && !m.informational)
        .map((m) => `${m.id} ${m.status}: ${m.reason}`),
      suspicious: workload.leaks
        .filter((leak) => leak.status !== 'stable' && leak.status !== 'leaking')
        .map((leak) => leak.reason),
      failing: workload.metrics
        .filter((m) => m.status === 'regressed' && !m.informational)
        .map((m) => `${m.id}: ${m.reason}`),
      leaks: workload.leaks.filter((leak) => leak.status === 'leaking').map((leak) => leak.reason),
    }));
    expect(failed.sort(), JSON.stringify(why)).toEqual([
      'bench/arrays.bench.ts#arrays > fill',
      'bench/sessions.bench.ts#open session',
    ]);

    // +20% more array elements: alloc.perOp up by about a fifth (16 KB arrays; the probe resolves ~0.3 MB per repeat).
    const alloc = byName(report, 'bench/arrays.bench.ts#arrays > fill')?.metrics.find((m) => m.id === 'alloc.perOp');
    expect(alloc?.status).toBe('regressed');
    expect(alloc?.change).toBeGreaterThan(0.15);
    expect(alloc?.change).toBeLessThan(0.25);

    const leaking = byName(report, 'bench/sessions.bench.ts#open session');
    expect(leaking?.leaks.find((leak) => leak.resource === 'heap')?.status).toBe('leaking');
    expect(JSON.stringify(leaking?.diagnosis)).toContain('Session');
    // Two compares of four tasks, the second with heap snapshots: ~36 s at rest,
    // over 60 s with a CPU hog and another benchmark on the 2 cores.
  }, 180_000);
});
