// How small an allocation regression the gate catches on each in-process
// sample workload, against its committed baseline. Each sample is wrapped in
// a workload of the same name that also allocates a given percentage of the
// baseline's bytes per op (arrays, so the bytes land on the V8 heap the probe
// counts), then `memgate compare` runs as a user would. Row 0% is the control:
// any failure there is a false alarm. Prints what memgate measured next to
// what was injected, and the threshold it used (it follows the spread).
//   npx tsx bench/alloc-sensitivity.ts [--runs 5] [--percents 0,1,2] [workload...]
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Report } from '../harness/model/report.js';
import { failingItems, runMemgate } from './cli-capture.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SAMPLES = ['event-bus', 'http-loopback', 'json-roundtrip', 'lru-cache', 'stream-zlib'];
// Bytes of `new Array(n)` on Node 20 x64: a 32 B JSArray and a FixedArray of 16 + 8n bytes.
const ARRAY_OVERHEAD = 48;
const SMALL_ARRAY = 8;

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '5' }, percents: { type: 'string', default: '0,1,2' } },
});

/** Extra allocation of `bytesPerOp` on average: one array per op, or a small array every k ops. */
function injection(bytesPerOp: number): { every: number; length: number } {
  if (bytesPerOp <= 0) return { every: 0, length: 0 };
  if (bytesPerOp >= ARRAY_OVERHEAD + 8 * SMALL_ARRAY)
    return { every: 1, length: Math.round((bytesPerOp - ARRAY_OVERHEAD) / 8) };
  return { every: Math.max(1, Math.round((ARRAY_OVERHEAD + 8 * SMALL_ARRAY) / bytesPerOp)), length: SMALL_ARRAY };
}

function wrapper(name: string, every: number, length: number): string {
  const sample = path.join(ROOT, 'workloads', `${name}.workload.ts`);
  return `import sample from ${JSON.stringify(sample)};
let sink: unknown[] = [];
let count = 0;
export default {
  ...sample,
  op: (state: unknown, ctx: unknown) => {
    if (${every} > 0 && ++count % ${every} === 0) sink = new Array(${length});
    return (sample.op as (s: unknown, c: unknown) => unknown)(state, ctx);
  },
};
export const keep = () => sink;
`;
}

async function project(name: string, percent: number, baselinePerOp: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'memgate-alloc-'));
  await mkdir(path.join(dir, 'workloads'));
  await mkdir(path.join(dir, 'baselines'));
  await copyFile(path.join(ROOT, 'baselines', `${name}.json`), path.join(dir, 'baselines', `${name}.json`));
  const { every, length } = injection((percent / 100) * baselinePerOp);
  await writeFile(path.join(dir, 'workloads', `${name}.workload.ts`), wrapper(name, every, length));
  // The sample suite's own settings (memgate.config.ts): 5 repeats, warmup 100, 10 checkpoints.
  const config = { repeats: 5, timeout: '30s', defaults: { warmupOps: 100, checkpoints: 10 } };
  await writeFile(path.join(dir, 'memgate.config.mjs'), `export default ${JSON.stringify(config)};\n`);
  return dir;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

async function main(): Promise<void> {
  const runs = Number(args.runs);
  const percents = args.percents.split(',').map(Number);
  const names = positionals.length > 0 ? positionals : SAMPLES;
  const rows: string[] = [];
  for (const name of names) {
    const baseline = JSON.parse(await readFile(path.join(ROOT, 'baselines', `${name}.json`), 'utf8')) as {
      metrics: Record<string, { median: number }>;
    };
    const perOp = baseline.metrics['alloc.perOp']?.median ?? NaN;
    for (const percent of percents) {
      const dir = await project(name, percent, perOp);
      let caught = 0;
      let failed = 0;
      const changes: number[] = [];
      const thresholds = new Set<string>();
      const others = new Set<string>();
      try {
        for (let run = 1; run <= runs; run++) {
          const result = await runMemgate(dir, ['compare', '--reporter', 'json', '--update=none']);
          if (!result.stdout.trim()) throw new Error(`${name}: memgate exited ${result.code}: ${result.stderr.trim()}`);
          const report = Report.parse(JSON.parse(result.stdout));
          const workload = report.workloads[0];
          for (const item of failingItems(report))
            if (!item.includes('alloc.perOp')) others.add(item.replace(/^[^:]+: /, '').replace(/ \(.*$/, ''));
          const alloc = workload?.metrics.find((m) => m.id === 'alloc.perOp');
          if (result.code !== 0) failed++;
          if (result.code === 1 && alloc?.status === 'regressed') caught++;
          if (alloc?.change != null) changes.push(alloc.change * 100);
          const threshold = /[≤>] ([\d.]+% \([^)]*\))/.exec(alloc?.reason ?? '')?.[1];
          if (threshold) thresholds.add(threshold);
          process.stderr.write(
            `${name} +${percent}%: run ${run}/${runs} exit ${result.code} — ${alloc?.reason ?? ''}\n`,
          );
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const measured = changes.length ? `${median(changes) >= 0 ? '+' : ''}${median(changes).toFixed(2)}%` : '—';
      const range = changes.length ? ` (${Math.min(...changes).toFixed(2)} to ${Math.max(...changes).toFixed(2)})` : '';
      rows.push(
        `| ${name} | +${percent}% | ${measured}${range} | ${[...thresholds].join(', ') || '—'} | ${percent === 0 ? '—' : `${caught}/${runs}`} | ${failed}/${runs} | ${[...others].join(', ') || '—'} |`,
      );
    }
  }
  process.stdout.write(
    [
      `## Allocation sensitivity: ${runs} × \`memgate compare\` per cell, against the committed baselines`,
      '',
      '| workload | injected | measured change, median (range) | threshold used | caught | runs failed | failed on besides alloc.perOp |',
      '| --- | ---: | --- | --- | ---: | ---: | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

await main();
