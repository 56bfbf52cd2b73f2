// Sharding end to end: `--shard 1/3`, `2/3` and `3/3` cover every workload
// exactly once, and `memgate merge` of the three reports gives the unsharded
// report's verdicts and exit code. Small workloads, 2 repeats: ~24 children.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../harness/cli/main.js';
import type { Report } from '../../harness/model/report.js';
import { runCli } from './run-cli.js';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta'];
let dir: string;

// Each workload allocates a different array per op, so they differ in weight.
const workloadText = (name: string, length: number) => `let sink: number[] = [];
export default {
  name: '${name}',
  warmupOps: 20,
  ops: 400,
  op(_state: unknown, ctx: { index: number }) { sink = new Array(${length}).fill(ctx.index); },
  teardown() { sink = []; },
};
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'memgate-shard-'));
  await mkdir(path.join(dir, 'workloads'));
  await writeFile(path.join(dir, 'memgate.config.mjs'), 'export default { repeats: 2 };\n');
  for (const [i, name] of NAMES.entries()) {
    await writeFile(path.join(dir, 'workloads', `${name}.workload.ts`), workloadText(name, 1024 * (i + 1)));
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readReport = async (file: string) => JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Report;
const statuses = (report: Report) => Object.fromEntries(report.workloads.map((w) => [w.name, w.status]));

describe('--shard and memgate merge', { timeout: 180_000 }, () => {
  it('splits the workloads exactly once across 3 shards and merges to the unsharded verdicts', async () => {
    const shardNames: string[][] = [];
    for (const i of [1, 2, 3]) {
      const shard = await runCli(main, dir, ['run', '--shard', `${i}/3`, '--reporter', `json:shard-${i}.json`]);
      expect(shard.code, shard.stderr).toBe(0);
      shardNames.push((await readReport(`shard-${i}.json`)).workloads.map((w) => w.name));
    }
    expect(shardNames.flat().sort()).toEqual([...NAMES].sort());
    expect(shardNames.every((names) => names.length >= 1)).toBe(true);

    const unsharded = await runCli(main, dir, ['run', '--reporter', 'json:run.json']);
    expect(unsharded.code, unsharded.stderr).toBe(0);
    const merged = await runCli(main, dir, [
      'merge',
      'shard-1.json',
      'shard-2.json',
      'shard-3.json',
      '--reporter',
      'json:merged.json',
      '--reporter',
      'markdown:merged.md',
    ]);
    expect(merged.code, merged.stderr).toBe(unsharded.code);
    const [mergedReport, runReport] = [await readReport('merged.json'), await readReport('run.json')];
    expect(runReport.workloads.map((w) => w.name)).toEqual(NAMES);
    expect(mergedReport.workloads.map((w) => w.name)).toEqual(NAMES);
    expect(statuses(mergedReport)).toEqual(statuses(runReport));
    expect(mergedReport.summary).toEqual(runReport.summary);
    const verdicts = (r: Report) => r.workloads.map((w) => w.metrics.map((m) => `${m.id}:${m.status}`));
    expect(verdicts(mergedReport)).toEqual(verdicts(runReport));
    expect(await readFile(path.join(dir, 'merged.md'), 'utf8')).toContain('delta');
  });

  it('fails with exit 2 on a bad --shard and on overlapping shard reports', async () => {
    const bad = await runCli(main, dir, ['run', '--shard', '4/3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard: expected i/n');
    await writeFile(path.join(dir, 'copy.json'), await readFile(path.join(dir, 'run.json')));
    const twice = await runCli(main, dir, ['merge', 'run.json', 'copy.json']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('copy.json: workload "alpha" is also in run.json');
  });
});
