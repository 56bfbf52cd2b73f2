// What memgate's probe costs the workload it measures: the same workload,
// probes on (the real child) and off (bench/plain-child.ts: same bundle and
// op loop, no collectors), side by side in one run, order alternating each
// round so machine load drifts hit both alike.
//   npx tsx bench/overhead.ts [workload-filter] [--rounds N] [--ops N]
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { loadConfig } from '../harness/config/load.js';
import type { ResolvedConfig } from '../harness/config/schema.js';
import type { RunSettings } from '../harness/model/measurement.js';
import type { StartMessage } from '../harness/probe/protocol.js';
import { runInProcessRepeat } from '../harness/runner/child.js';
import { toChildSettings } from '../harness/workload/settings.js';
import type { ResolvedWorkload } from '../harness/workload/types.js';
import { bundleModule, cacheDirOf } from '../harness/fs/bundle.js';
import { loadWorkloads } from '../harness/workload/load.js';

interface Sample {
  /** The natural phase (latency, throughput and GC figures come from it). */
  readonly naturalMs: number;
  /** The main thread's on-CPU time in the natural phase (schedstat): run-queue waits on a shared machine left out. */
  readonly naturalCpuMs: number;
  /** The checkpointed batches (allocation, heap growth). */
  readonly wallMs: number;
  /** RSS high-water mark up to the natural phase's end: the probe's rss.peak. */
  readonly naturalRss: number;
  /** RSS high-water mark of the whole child, checkpointed batches included. */
  readonly maxRss: number;
}

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const rounds = flag('--rounds', 6);
// Default: the op count a default (time-sized) run calibrates to, found by one run first.
let ops = flag('--ops', 0);
let naturalOps = ops;
const filter =
  args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--')) ?? 'json-roundtrip';

// Both sides run the same fixed counts: no sizing rounds, and a natural phase of exactly `naturalOps`
// (a time-sized run may lengthen it to see enough GC pauses; the plain twin would not).
function settingsFor(workload: ResolvedWorkload, config: ResolvedConfig): RunSettings {
  return {
    ...workload.settings,
    ops,
    batchSize: Math.max(1, Math.ceil(ops / config.defaults.checkpoints)),
    timeMs: null,
    naturalOps: naturalOps > 0 ? naturalOps : ops,
  };
}

async function probesOn(workload: ResolvedWorkload, config: ResolvedConfig, round: number): Promise<Sample> {
  const run = await runInProcessRepeat({ ...workload, settings: settingsFor(workload, config) }, config, {
    repeatIndex: round,
  });
  return {
    naturalMs: run.naturalPhase?.wallMs ?? NaN,
    naturalCpuMs: run.cpuWait?.runMs ?? NaN,
    wallMs: run.wallMs,
    naturalRss: run.naturalPhase?.rss?.peak ?? NaN,
    maxRss: run.memory.maxRss ?? run.memory.rssPeak,
  };
}

async function probesOff(workload: ResolvedWorkload, config: ResolvedConfig, entry: string): Promise<Sample> {
  const settings = settingsFor(workload, config);
  const child = execa(process.execPath, ['--expose-gc', entry], {
    ipc: true,
    serialization: 'json',
    stdout: 'ignore',
    stderr: 'inherit',
    stdin: 'ignore',
    buffer: false,
  });
  const answer = child.getOneMessage();
  const start: StartMessage = {
    type: 'start',
    workloadModule: workload.bundle,
    exportName: workload.exportName,
    repeatIndex: 0,
    settings: toChildSettings(settings),
    diagnose: null,
  };
  await child.sendMessage(start as never);
  const sample = (await answer) as unknown as Sample;
  await child;
  return sample;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

const pad = (text: string | number, width: number) => String(text).padStart(width);

async function main(): Promise<void> {
  const config = await loadConfig({ cwd: fileURLToPath(new URL('../', import.meta.url)) });
  const [workload] = await loadWorkloads(config, [filter]);
  if (!workload || workload.kind !== 'in-process') throw new Error(`no in-process workload matches "${filter}"`);
  const entry = await bundleModule(
    join(fileURLToPath(new URL('.', import.meta.url)), 'plain-child.ts'),
    cacheDirOf(config),
  );
  if (ops === 0) {
    const calibrated = await runInProcessRepeat(workload, config, { repeatIndex: 0 });
    ops = calibrated.ops;
    naturalOps = calibrated.naturalPhase?.ops ?? ops;
  }
  const on: Sample[] = [];
  const off: Sample[] = [];
  console.log(
    `overhead of the probe on "${workload.name}", ${naturalOps} natural + ${ops} checkpointed ops, ${rounds} rounds (order alternates)\n`,
  );
  console.log(
    `${pad('round', 5)} ${pad('first', 6)} ${pad('natural on', 11)} ${pad('natural off', 11)} ${pad('CPU on', 9)} ${pad('CPU off', 9)} ${pad('batches on', 11)} ${pad('batches off', 11)} ${pad('rss.peak on', 11)} ${pad('rss.peak off', 12)} ${pad('maxRSS on', 10)} ${pad('maxRSS off', 10)}`,
  );
  for (let round = 0; round < rounds; round++) {
    const onFirst = round % 2 === 0;
    const first = onFirst ? await probesOn(workload, config, round) : await probesOff(workload, config, entry);
    const second = onFirst ? await probesOff(workload, config, entry) : await probesOn(workload, config, round);
    const [withProbe, without] = onFirst ? [first, second] : [second, first];
    on.push(withProbe);
    off.push(without);
    console.log(
      `${pad(round + 1, 5)} ${pad(onFirst ? 'on' : 'off', 6)} ${pad(withProbe.naturalMs.toFixed(1), 9)}ms ${pad(without.naturalMs.toFixed(1), 9)}ms ${pad(withProbe.naturalCpuMs.toFixed(1), 7)}ms ${pad(without.naturalCpuMs.toFixed(1), 7)}ms ${pad(withProbe.wallMs.toFixed(1), 9)}ms ${pad(without.wallMs.toFixed(1), 9)}ms ${pad((withProbe.naturalRss / 1e6).toFixed(1), 8)} MB ${pad((without.naturalRss / 1e6).toFixed(1), 9)} MB ${pad((withProbe.maxRss / 1e6).toFixed(1), 7)} MB ${pad((without.maxRss / 1e6).toFixed(1), 7)} MB`,
    );
  }
  // Pairs share a round (and so roughly the machine's load at the time): their ratio is steadier than a ratio of medians.
  const paired = (pick: (sample: Sample) => number) =>
    median(on.map((sample, index) => pick(sample) / pick(off[index] as Sample)));
  const percent = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
  console.log(
    `\nmedian of paired ratios: natural phase ${percent(paired((s) => s.naturalMs))} wall, ${percent(paired((s) => s.naturalCpuMs))} main-thread CPU (latency, throughput, GC), batches ${percent(paired((s) => s.wallMs))} (allocation, heap growth); aim < 3%`,
  );
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const reportedOn = median(on.map((s) => s.naturalRss));
  const reportedOff = median(off.map((s) => s.naturalRss));
  console.log(
    `median rss.peak (to the natural phase's end, as memgate reports it): ${mb(reportedOn)} MB on, ${mb(reportedOff)} MB off -> overhead ${mb(reportedOn - reportedOff)} MB (aim < 3 MB)`,
  );
  const rssOn = median(on.map((s) => s.maxRss));
  const rssOff = median(off.map((s) => s.maxRss));
  console.log(
    `median maxRSS of the whole child (checkpointed batches included, not reported): ${mb(rssOn)} MB on, ${mb(rssOff)} MB off -> ${mb(rssOn - rssOff)} MB`,
  );
  console.log(
    `natural = one loop of the ops (probe: GC observer, latency histogram, memory sampler); CPU = its main thread on a CPU (schedstat: time waiting for a CPU left out, so a busy machine moves it less than wall time); batches = the same ops between full GCs (probe: allocation windows, checkpoints excluded); rss.peak = kernel high-water mark (VmHWM) at the natural phase's end; maxRSS = at the child's end.`,
  );
  console.log(
    `load average now: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} on ${cpus().length} cores (wall figures mean little when it exceeds the core count)`,
  );
}

await main();
