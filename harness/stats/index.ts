// Pure statistics for memgate: order statistics, robust spread, robust slope,
// rank tests and a seeded bootstrap. No I/O anywhere in this folder.
export { sortAscending, quantile, percentiles, median, mean } from './quantile.js';
export type { SortedSamples } from './quantile.js';
export { mad, iqr, summarize } from './spread.js';
export type { SampleSummary } from './spread.js';
export { theilSen, THEIL_SEN_MAX_POINTS } from './slope.js';
export type { SlopeEstimate } from './slope.js';
export { kendallTau, mannKendallTrend, KENDALL_MAX_POINTS, KENDALL_EXACT_MAX } from './trend.js';
export type { KendallResult } from './trend.js';
export { mannWhitneyU, MANN_WHITNEY_EXACT_MAX } from './rank-test.js';
export type { MannWhitneyResult } from './rank-test.js';
export { bootstrapMedianRatio, bootstrapQuantileSpread } from './bootstrap.js';
export type { BootstrapOptions, RatioInterval } from './bootstrap.js';
export { mulberry32, randomIndex } from './random.js';
export { erfc, normalCdf, normalSurvival, normalQuantile } from './normal.js';
export { repeatPermutationTest, percentileOf, splitByCounts, choose } from './repeat-permutation.js';
export type { RepeatPermutationResult, RepeatPermutationOptions } from './repeat-permutation.js';
