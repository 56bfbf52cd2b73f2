// Where the probe's time goes inside the op loop, measured in one process.
// Wall time of whole children cannot resolve a few percent here: on this
// project's 2-core runners the same plain loop takes 470–920 ms from one
// process to the next, and two children started together differ as much.
// Within one process the machine's state is shared, so this bench runs a
// workload's ops in ~40 ms chunks, in random order each round: a plain loop
// (no probe); the natural phase's timed block (latency histogram, GC observer,
// memory sampler: latency comes from it) and its plain block (no histogram:
// throughput comes from it); the histogram, the observer and the sampler each
// on their own; and the loop inside an allocation window (v8.GCProfiler: the
// checkpointed batches, where allocation and growth come from). It prints each
// one's time against the plain chunk of the same round: the median of those
// ratios, with the quartiles.
//   npx tsx bench/probe-parts.ts [workload ...] [--rounds 40]
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../harness/config/load.js';
import { bundleModule, cacheDirOf } from '../harness/fs/bundle.js';
import { loadWorkloads } from '../harness/workload/load.js';

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 40;
const names = args.filter((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));

const config = await loadConfig({ cwd: fileURLToPath(new URL('../', import.meta.url)) });
const workloads = (await loadWorkloads(config, names)).filter((workload) => workload.kind === 'in-process');
const child = await bundleModule(
  join(fileURLToPath(new URL('.', import.meta.url)), 'probe-parts-child.ts'),
  cacheDirOf(config),
);
console.log(`the probe's parts against a plain loop, ${rounds} rounds of ~40 ms chunks per workload, in one process\n`);
console.log(
  '| workload | ops per chunk | timed block (latency) | plain block (throughput, GC) | latency histogram alone | GC observer alone | memory sampler alone | batches (allocation window) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const workload of workloads) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', child, workload.bundle, workload.exportName, String(rounds)],
    { cwd: config.rootDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const row = JSON.parse(out) as Record<string, string>;
  console.log(
    `| ${workload.name} | ${row['chunk']} | ${row['timedBlock']} | ${row['plainBlock']} | ${row['histogram']} | ${row['observer']} | ${row['sampler']} | ${row['batch']} |`,
  );
}
console.log(
  `\nmedian of per-round ratios to the plain chunk (quartiles in brackets); load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);
