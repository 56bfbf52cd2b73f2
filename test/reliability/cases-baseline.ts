// Baseline cases: corrupt, foreign or impossible baseline files stop the run
// before anything is measured, naming the file and key, and are never
// overwritten unless `update --force` is asked to re-record them.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Case } from './case.js';
import { baseFiles } from './project.js';

const BASELINE = 'baselines/steady.json';

interface BaselineJson {
  [key: string]: unknown;
  metrics: Record<string, { median: number; unit: string; samples: number[] }>;
}

async function mutate(dir: string, change: (baseline: BaselineJson) => void): Promise<void> {
  const file = join(dir, BASELINE);
  const baseline = JSON.parse(await readFile(file, 'utf8')) as BaselineJson;
  change(baseline);
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

const replaceWith = (text: string) => (dir: string) => writeFile(join(dir, BASELINE), text);

const compare = ['compare', 'steady'];
const FIX = /fix the file or re-record it with `memgate update steady --force`/;
const invalid = (key: RegExp): RegExp => new RegExp(`^memgate: baselines/steady\\.json: ${key.source}.*${FIX.source}`);

export const BASELINE_CASES: Case[] = [
  {
    name: 'baseline that is not JSON (spread over lines)',
    category: 'baseline',
    defect: 11,
    behaviour: 'exit 2: one line with the parse error, the file and how to re-record it',
    files: baseFiles(),
    baseline: true,
    // V8 quotes this text, newlines included, in its parse error.
    prepare: replaceWith('{\n"schemaVersion": tru\n}\n'),
    argv: compare,
    code: 2,
    message: invalid(/expected JSON, found a parse error/),
    check(_dir, result) {
      if (result.stderr.trim().split('\n').length !== 1) throw new Error(`not one line:\n${result.stderr}`);
    },
  },
  {
    name: 'empty baseline file',
    category: 'baseline',
    behaviour: 'exit 2: parse error, file named',
    files: baseFiles(),
    baseline: true,
    prepare: replaceWith(''),
    argv: compare,
    code: 2,
    message: invalid(/expected JSON, found a parse error/),
  },
  {
    name: 'baseline with a negative rss.peak',
    category: 'baseline',
    defect: 6,
    behaviour: 'exit 2: names metrics["rss.peak"].median; no measurement can produce it',
    files: baseFiles(),
    baseline: true,
    prepare: (dir) => mutate(dir, (baseline) => (baseline.metrics['rss.peak']!.median = -5)),
    argv: compare,
    code: 2,
    message: invalid(/metrics\["rss\.peak"\]\.median: expected a bytes value from 0 to 1 PiB, found -5/),
  },
  {
    name: 'baseline with alloc.perOp of 1e308',
    category: 'baseline',
    defect: 6,
    behaviour: 'exit 2: names metrics["alloc.perOp"].median',
    files: baseFiles(),
    baseline: true,
    prepare: (dir) => mutate(dir, (baseline) => (baseline.metrics['alloc.perOp']!.median = 1e308)),
    argv: compare,
    code: 2,
    message: invalid(/metrics\["alloc\.perOp"\]\.median: expected a bytes\/op value .*found 1e\+308/),
  },
  {
    name: 'baseline sample below zero',
    category: 'baseline',
    defect: 6,
    behaviour: 'exit 2: names the sample index',
    files: baseFiles(),
    baseline: true,
    prepare: (dir) => mutate(dir, (baseline) => (baseline.metrics['gc.count']!.samples = [-1])),
    argv: compare,
    code: 2,
    message: invalid(/metrics\["gc\.count"\]\.samples\[0\]: expected a count value from 0/),
  },
  {
    name: 'baseline metric in the wrong unit',
    category: 'baseline',
    defect: 6,
    behaviour: 'exit 2: names metrics[...].unit and the unit expected',
    files: baseFiles(),
    baseline: true,
    prepare: (dir) => mutate(dir, (baseline) => (baseline.metrics['rss.peak']!.unit = 'ms')),
    argv: compare,
    code: 2,
    message: invalid(/metrics\["rss\.peak"\]\.unit: expected "bytes" for rss\.peak, found "ms"/),
  },
  {
    name: 'baseline of another schema version',
    category: 'baseline',
    behaviour: 'exit 2: schemaVersion expected 1',
    files: baseFiles(),
    baseline: true,
    prepare: (dir) => mutate(dir, (baseline) => (baseline['schemaVersion'] = 2)),
    argv: compare,
    code: 2,
    message: /^memgate: baselines\/steady\.json: schemaVersion: expected 1, found 2 — re-record it/,
  },
  {
    name: 'baseline missing definitionHash',
    category: 'baseline',
    behaviour: 'exit 2: names definitionHash',
    files: baseFiles(),
    baseline: true,
    prepare: (dir) => mutate(dir, (baseline) => delete baseline['definitionHash']),
    argv: compare,
    code: 2,
    message: invalid(/definitionHash: /),
  },
  {
    name: 'baseline path that is a directory',
    category: 'baseline',
    behaviour: 'exit 2: cannot read the baseline (EISDIR), file named',
    files: baseFiles(),
    prepare: async (dir) => void (await mkdir(join(dir, BASELINE), { recursive: true })),
    argv: compare,
    code: 2,
    message: /^memgate: baselines\/steady\.json: cannot read the baseline \(EISDIR/,
  },
  {
    name: 'update --force over a corrupt baseline',
    category: 'baseline',
    behaviour: 'exit 0: says it re-records the unreadable file, then writes a valid one',
    files: baseFiles(),
    baseline: true,
    baselinesMayChange: true,
    prepare: replaceWith('{ nope'),
    argv: ['update', 'steady', '--force'],
    code: 0,
    message: /^memgate: baselines\/steady\.json: expected JSON.*; re-recording it \(--force\)$/,
    async check(dir) {
      JSON.parse(await readFile(join(dir, BASELINE), 'utf8'));
    },
  },
  {
    name: 'compare --repeats 2 against a one-sample baseline',
    category: 'baseline',
    defect: 11,
    behaviour:
      'warns that the rank test cannot reach p < alpha, so noisy metrics regress only by complete separation far beyond their spread (or not at all), and how many repeats would',
    files: baseFiles(),
    baseline: true,
    argv: ['compare', 'steady', '--repeats', '2', '--reporter', 'json:.memgate/report.json'],
    code: 0,
    message:
      /^memgate: warning: workloads\/steady\.workload\.ts: workload "steady": with 1 baseline and 2 current repeat\(s\) the rank test cannot reach p < 0\.05 .*use --repeats \d+ or more/,
  },
  {
    name: 'compare without a baseline on CI',
    category: 'baseline',
    behaviour: 'exit 0: "no baseline yet"; nothing is written (CI is set)',
    files: baseFiles(),
    argv: ['compare', 'steady'],
    code: 0,
    message: /no baseline yet/,
    check(dir) {
      if (existsSync(join(dir, BASELINE))) throw new Error('a baseline was written with CI set');
    },
  },
];
