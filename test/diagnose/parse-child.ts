// Child entry for the parser's memory test: parses one snapshot file and
// reports memory before and after, and the kernel's RSS high-water mark.
import { readHeapSnapshot } from '../../harness/diagnose/heap-snapshot.js';

const file = process.argv[2] as string;
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage();
const snapshot = await readHeapSnapshot(file);
const peakRss = process.resourceUsage().maxRSS * 1024;
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
