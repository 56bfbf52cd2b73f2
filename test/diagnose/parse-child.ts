// Child entry for the parser's memory test: parses one snapshot file and
// reports memory before and after, and the kernel's RSS high-water mark.
import { readHeapSnapshot } from '../../harness/diagnose/heap-snapshot.js';
import { ownMaxRss } from '../../harness/probe/own-max-rss.js';

const file = process.argv[2] as string;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage();
const snapshot = await readHeapSnapshot(file);
// Not resourceUsage().maxRSS: it keeps the forking vitest worker's RSS (probe/own-max-rss.ts).
const peakRss = ownMaxRss();
gc?.();
const after = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    nodes: snapshot.nodeCount,
    rssBefore: before.rss,
    peakRss,
    retained: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers,
  })}\n`,
);
