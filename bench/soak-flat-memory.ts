// Shows that memgate's own memory stays flat during a long soak: a soak of an
// idle service with the tree sampled every 2 ms (50x the default rate, so a
// minute here stores what ~50 minutes at 100 ms would), printing memgate's
// heap (after a full GC) and RSS at every check.
// Run: node --expose-gc --import tsx bench/soak-flat-memory.ts [60s]
import { parseDuration } from '../harness/units/parse.js';
import { runSoak } from '../harness/soak/run.js';
import { idleService } from './idle-service.js';

const durationMs = parseDuration(process.argv[2] ?? '60s');
const { config, workload } = idleService('memgate-bench-', '2ms');

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const rows: string[] = [];
const outcome = await runSoak(workload, config, {
  tag: 'bench',
  durationMs,
  intervalMs: Math.max(1000, durationMs / 12),
  onCheck: (state) => {
    // Settled heap when --expose-gc is given: the sampler's garbage is not growth.
    (globalThis as { gc?: () => void }).gc?.();
    const heap = process.memoryUsage().heapUsed;
    rows.push(
      `${(state.elapsedMs / 1000).toFixed(0).padStart(4)}s  memgate rss ${mb(state.memgateRss.last)} MB  heap ${mb(heap)} MB`,
    );
    console.log(rows.at(-1));
  },
});
const tree = outcome.run?.tree ?? [];
console.log(
  `status ${outcome.state.status}; ${tree.length} tree samples kept (bounded at 2048); memgate rss first ${mb(outcome.state.memgateRss.first)} MB, last ${mb(outcome.state.memgateRss.last)} MB, peak ${mb(outcome.state.memgateRss.peak)} MB`,
);
