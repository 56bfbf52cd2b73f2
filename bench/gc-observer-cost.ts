// What observing GC pauses costs a process, in plain Node (no memgate code):
// a synchronous loop that triggers thousands of scavenges, run in fresh
// processes with no observer, with a PerformanceObserver on 'gc' entries
// (what memgate's natural phase uses), and with v8.GCProfiler (the other
// source of per-GC timings), order alternating each round. Prints the loop's
// CPU time, the GCs seen and the child's RSS high-water mark (VmHWM).
//   npx tsx bench/gc-observer-cost.ts [--rounds 3] [--ops 400000]
// Why: the probe's RSS overhead on GC-heavy workloads (event-bus: ~1 400
// scavenges per natural phase) was Node creating one 'gc' PerformanceEntry per
// collection after a synchronous loop ends, all in one burst. The high-water
// mark is read twice: as the loop's last op returns, before any turn (where
// memgate's natural phase now reads rss.peak), and after the entries came.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, ops: { type: 'string', default: '400000' } },
});
const MODES = ['none', 'observer', 'profiler'] as const;
type Mode = (typeof MODES)[number];

// The child: one synchronous loop, the RSS high-water mark, then three turns so queued entries are
// delivered before it is read again: VmHWM, the child's own (getrusage's maxRSS keeps the memory this
// bench process had before the child's exec; harness/probe/own-max-rss.ts).
const CHILD = `
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { readFileSync } from 'node:fs';
const [mode, opsText] = process.argv.slice(-2);
let gcs = 0;
let profiler = null;
if (mode === 'observer') new PerformanceObserver((list) => { gcs += list.getEntries().length; }).observe({ entryTypes: ['gc'] });
if (mode === 'profiler') { profiler = new v8.GCProfiler(); profiler.start(); }
const sink = [];
const op = (i) => { for (let j = 0; j < 50; j++) sink[j] = { seq: i * 50 + j, payload: { id: j, amount: j / 10, tags: [j, j + 1] } }; };
const before = process.cpuUsage();
for (let i = 0; i < Number(opsText); i++) op(i);
const used = process.cpuUsage(before);
const hwmMb = () => Number(/^VmHWM:\\s+(\\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
const loopEndRssMb = hwmMb();
if (profiler) gcs = profiler.stop().statistics.length;
const turn = () => new Promise((resolve) => setImmediate(resolve));
await turn(); await turn(); await turn();
process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, gcs, loopEndRssMb, maxRssMb: hwmMb() }));
`;

interface Sample {
  readonly cpuMs: number;
  readonly gcs: number;
  /** VmHWM as the loop's last op returned, before any event-loop turn. */
  readonly loopEndRssMb: number;
  readonly maxRssMb: number;
}

function runChild(mode: Mode): Sample {
  // A 1 MB young generation, as a small process starts with: more scavenges per loop.
  const child = spawnSync(
    process.execPath,
    ['--max-semi-space-size=1', '--input-type=module', '-e', CHILD, mode, String(args.ops)],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`child ${mode} failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Sample;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const samples = new Map<Mode, Sample[]>(MODES.map((mode) => [mode, []]));
for (let round = 0; round < Number(args.rounds); round++) {
  const order = round % 2 === 0 ? MODES : [...MODES].reverse();
  for (const mode of order) samples.get(mode)?.push(runChild(mode));
}

const base = samples.get('none') ?? [];
console.log(`GC observation in plain Node, ${args.ops} ops of a synchronous loop, ${args.rounds} rounds (medians)\n`);
console.log(
  "| source | GCs seen | loop CPU | vs none | peak RSS at the loop's end | vs none | peak RSS after the turns | vs none |",
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const mode of MODES) {
  const list = samples.get(mode) ?? [];
  const cpu = median(list.map((s) => s.cpuMs));
  const cpuChange = ((cpu / median(base.map((s) => s.cpuMs)) - 1) * 100).toFixed(1);
  const rssCells = (key: 'loopEndRssMb' | 'maxRssMb'): string => {
    const rss = median(list.map((s) => s[key]));
    const change = rss - median(base.map((s) => s[key]));
    return `${rss.toFixed(1)} MB | ${mode === 'none' ? '' : `${change >= 0 ? '+' : ''}${change.toFixed(1)} MB`}`;
  };
  console.log(
    `| ${mode} | ${median(list.map((s) => s.gcs))} | ${cpu.toFixed(0)} ms | ${mode === 'none' ? '' : `${Number(cpuChange) >= 0 ? '+' : ''}${cpuChange}%`} | ${rssCells('loopEndRssMb')} | ${rssCells('maxRssMb')} |`,
  );
}
console.log(
  `\nload average now: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);
