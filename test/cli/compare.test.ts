// End to end through main() with an injected CliIO, on a tiny workload in a
// temp project: record, compare unchanged, inject a regression, corrupt the
// baseline. Few runs on purpose: each compare starts 3 child processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../harness/cli/main.js';
import type { Report } from '../../harness/model/report.js';
import { runCli } from './run-cli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compare/project/', import.meta.url));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'memgate-compare-'));
  await cp(FIXTURE, dir, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const metric = (report: Report, id: string) => report.workloads[0]?.metrics.find((m) => m.id === id);

describe('memgate compare', () => {
  it('records a new baseline locally, passes unchanged, fails an injected regression naming alloc.perOp, and stops on a corrupt baseline', async () => {
    const first = await runCli(main, dir, ['compare', '--reporter', 'json']);
    expect(first.code, first.stderr).toBe(0);
    expect((JSON.parse(first.stdout) as Report).workloads[0]?.status).toBe('new');
    expect(first.stderr).toContain('baselines/tiny.json added');
    expect(first.stderr).toContain('memgate: updated 0 baselines, added 1, unchanged 0');
    const baselineFile = path.join(dir, 'baselines', 'tiny.json');
    const recorded = await readFile(baselineFile, 'utf8');

    const unchanged = await runCli(main, dir, ['compare', '--reporter', 'json']);
    expect(unchanged.code, unchanged.stdout).toBe(0);
    const same = JSON.parse(unchanged.stdout) as Report;
    expect(same.status).toBe('pass');
    // Unchanged code: within its threshold (1–5%, following the measured spread: unchanged) or beyond it
    // but within the floor and spread guard (noise).
    const sameAlloc = metric(same, 'alloc.perOp');
    expect(['unchanged', 'noise'], JSON.stringify(sameAlloc)).toContain(sameAlloc?.status);
    // Existing baselines are not rewritten by a plain compare.
    expect(await readFile(baselineFile, 'utf8')).toBe(recorded);

    // Twice the array length: roughly twice the bytes per op, far beyond 2% and 32 B/op.
    await writeFile(path.join(dir, 'scale.txt'), '2\n');
    const regressed = await runCli(main, dir, ['compare', '--reporter', 'json', '--reporter', 'terminal:report.txt']);
    expect(regressed.code).toBe(1);
    const worse = JSON.parse(regressed.stdout) as Report;
    expect(worse.status).toBe('regressed');
    const alloc = metric(worse, 'alloc.perOp');
    expect(alloc?.status).toBe('regressed');
    expect(alloc?.change).toBeGreaterThan(0.5);
    expect(await readFile(path.join(dir, 'report.txt'), 'utf8')).toContain('alloc.perOp');

    // compare -u on the same regression: compare's confirmation re-run also confirms the re-record,
    // so the workload is measured twice, not three times. Counted on the progress line: each planned
    // repeat of a re-measure prints "confirming k/3" as it starts and as it ends (a contended repeat's
    // re-run prints nothing more), so one re-measure prints "confirming 1/3" twice.
    const rerecorded = await runCli(main, dir, ['compare', '-u'], { GITHUB_REF_NAME: 'main' }, true);
    expect(rerecorded.code, rerecorded.stderr).toBe(1);
    expect(rerecorded.stderr).toMatch(
      /baselines\/tiny\.json updated \(alloc\.perOp regressed \+\d+\.\d%.*, confirmed by its re-run\)/,
    );
    expect(rerecorded.stderr.match(/tiny {2}confirming 1\/3/g), rerecorded.stderr).toHaveLength(2);

    const text = `${JSON.stringify({ ...JSON.parse(recorded), schemaVersion: 7 }, null, 2)}\n`;
    await writeFile(baselineFile, text);
    const corrupt = await runCli(main, dir, ['compare']);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toBe(
      'memgate: baselines/tiny.json: schemaVersion: expected 1, found 7 — re-record it with `memgate update tiny --force`\n',
    );
    expect(await readFile(baselineFile, 'utf8')).toBe(text);
  });

  it('usage errors exit 2 before measuring', async () => {
    const bad = await runCli(main, dir, ['compare', '--update=sometimes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--update: expected one of all, new or none, found "sometimes"');
  });
});
