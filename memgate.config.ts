// memgate's own configuration: the sample workloads in workloads/ are the
// demo, and their committed baselines gate memgate's CI.
import { defineConfig } from './harness/index.js';

export default defineConfig({
  workloads: 'workloads/**/*.workload.ts',
  baselineDir: 'baselines',
  outDir: '.memgate',
  repeats: 5,
  // Each sample repeat takes about a second; 30 s means something is stuck.
  timeout: '30s',
  // No op counts: each in-process repeat is sized to measure about 1 s.
  defaults: {
    warmupOps: 100,
    checkpoints: 10,
  },
});
