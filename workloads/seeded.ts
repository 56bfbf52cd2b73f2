// A seeded pseudo-random generator for the sample workloads: the same data on
// every run, so their baselines do not drift with chance. memgate's own
// mulberry32, under names that read well in a workload.
export { mulberry32 as seededRandom, randomIndex as nextInt } from '../harness/stats/random.js';
