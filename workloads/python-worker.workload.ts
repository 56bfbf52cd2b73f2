// A Python worker measured from outside: memgate samples its RSS, FDs and
// threads from /proc, and reads the JSON memory samples it prints about
// itself (queue depth, cache size) as custom metrics with budgets.
import { defineWorkload } from '../harness/index.js';

export default defineWorkload({
  name: 'python-worker',
  description: 'python3 queue worker printing JSON memory samples every 100 ms, run for 1 s',
  command: 'python3',
  args: ['services/python-worker.py'],
  ready: { stdout: 'worker ready', timeout: '10s' },
  duration: '1s',
  logMetrics: {
    source: 'stdout',
    match: { msg: 'memory_sample' },
    map: {
      queue_depth: { metric: 'custom.queueDepth', aggregate: 'max' },
      cache_size: { metric: 'custom.cacheSize', aggregate: 'max' },
      rss_bytes: { metric: 'custom.selfRss', aggregate: 'max' },
    },
  },
  shutdown: { signal: 'SIGINT', timeout: '5s' },
  customMetrics: {
    // Both peak within five ticks (half a second) whatever the timing (a fixed arrival pattern): deterministic.
    queueDepth: { unit: 'count', noise: 'deterministic', description: 'Deepest the job queue got' },
    cacheSize: {
      unit: 'count',
      noise: 'deterministic',
      description: 'Most results held in the bounded cache (bound: 20)',
    },
    selfRss: { unit: 'bytes', noise: 'noisy', description: 'RSS the worker reports about itself' },
  },
  budgets: {
    'rss.peak': '60MB',
    'custom.queueDepth': 10,
    'custom.cacheSize': 20,
    'shutdown.time': '5s',
  },
});
