// The failure corpus: every row of cases*.ts run as a real memgate CLI
// process in its own temp project (run-case.ts says what each must hold).
// Cases run a few at a time: each is a tsx start, a bundle and about a
// second of measuring, and the machine has two shared cores.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ALL_CASES } from './cases.js';
import { BIN, writeFiles, baseFiles } from './project.js';
import { runCase } from './run-case.js';

const CONCURRENCY = 4;
let seed: string;
let slots = CONCURRENCY;
const waiting: Array<() => void> = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  while (slots === 0) await new Promise<void>((resolve) => waiting.push(resolve));
  slots--;
  try {
    return await work();
  } finally {
    slots++;
    waiting.shift()?.();
  }
}

beforeAll(async () => {
  // One real baseline for the baseline cases, recorded by memgate itself.
  seed = await mkdtemp(join(tmpdir(), 'memgate-corpus-seed-'));
  await writeFiles(seed, baseFiles());
  const update = spawnSync(process.execPath, [BIN, 'update', '--force'], {
    cwd: seed,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (update.status !== 0) throw new Error(`seed update failed: ${update.stderr}${update.stdout}`);
}, 120_000);

afterAll(async () => {
  await rm(seed, { recursive: true, force: true });
});

const only = process.env['MEMGATE_CORPUS_ONLY'];

describe.concurrent('failure corpus', () => {
  for (const testCase of ALL_CASES) {
    // MEMGATE_CORPUS_ONLY=a,b runs the cases whose name contains a or b, or whose category is a or b;
    // "defects" selects the cases that keep an issue-12 defect fixed.
    const picks = (part: string) =>
      testCase.name.includes(part) ||
      testCase.category === part ||
      (part === 'defects' && testCase.defect !== undefined);
    if (only && !only.split(',').some(picks)) continue;
    it(`${testCase.category}: ${testCase.name}`, async ({ skip }) => {
      const outcome = await withSlot(() => runCase(testCase, seed));
      if (outcome.skipped) skip(outcome.skipped);
    }, 180_000);
  }
});
