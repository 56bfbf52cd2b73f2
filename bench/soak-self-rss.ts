// memgate's own RSS over a soak: runs `memgate soak` machinery on an idle
// service (the tree sampled at the default 10 ms, checks every --interval)
// for a configurable time and prints memgate's RSS and heap at the start, at
// every check and at the end. The figure in the README comes from this.
// Run: node --expose-gc --import tsx bench/soak-self-rss.ts [duration, default 10m] [interval, default 10s]
import { readdirSync } from 'node:fs';
import { runSoak } from '../harness/soak/run.js';
import { parseDuration } from '../harness/units/parse.js';
import { idleService } from './idle-service.js';

const durationMs = parseDuration(process.argv[2] ?? '10m');
const intervalMs = parseDuration(process.argv[3] ?? '10s');
const { config, workload } = idleService('memgate-self-rss-');

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
// Heap after a full GC when --expose-gc is given, so garbage between checks does not read as growth.
const own = (): string => {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  const fds = readdirSync('/proc/self/fd').length;
  return `rss ${mb(usage.rss)}, heap ${mb(usage.heapUsed)} of ${mb(usage.heapTotal)}, external ${mb(usage.external)}, ${fds} fds`;
};
console.log(`start: memgate ${own()}; soak ${process.argv[2] ?? '10m'}, checks every ${process.argv[3] ?? '10s'}`);
const outcome = await runSoak(workload, config, {
  tag: 'self-rss',
  durationMs,
  intervalMs,
  onCheck: (state) => console.log(`${(state.elapsedMs / 1000).toFixed(0).padStart(5)}s  memgate ${own()}`),
});
const { first, last, peak } = outcome.state.memgateRss;
console.log(
  `end: status ${outcome.state.status}, ${outcome.state.checks} checks, ${outcome.run?.tree?.length ?? 0} tree samples kept; memgate rss at the first check ${mb(first)}, at the last ${mb(last)}, peak ${mb(peak)} (${(((last - first) / first) * 100).toFixed(1)}%)`,
);
