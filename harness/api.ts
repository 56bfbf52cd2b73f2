// memgate's programmatic API (`import ... from 'memgate/api'`): load a
// config and workloads, measure them, render reports, and the statistics
// memgate gates with. Heavier than the main entry (zod, esbuild, execa), so it
// is never loaded inside a measured process.
export { loadConfig } from './config/load.js';
export { ConfigSchema } from './config/schema.js';
export { loadWorkloads } from './workload/load.js';
export { measureWorkload, measureAll } from './pipeline/measure.js';
export { runPipeline } from './pipeline/run.js';
// Shared runners: A/B against a git ref, shards and their merge, contention (docs/shared-runners.md).
export { runAbPipeline, type AbSide, type AbOptions } from './pipeline/ab.js';
export { mergeReports, type NamedReport } from './pipeline/merge.js';
export { parseShard, planShards, selectShard, expectedRunMs, type Shard } from './workload/shard.js';
export { addBaseWorktree, removeBaseWorktree, installBase, type BaseCheckout } from './git/worktree.js';
export { markContended, isContended, CONTENTION_THRESHOLDS, type RepeatPressure } from './compare/contention.js';
export { Report as ReportSchema, REPORT_SCHEMA_VERSION } from './model/report.js';
export { renderMarkdown, DEFAULT_MARKDOWN_MAX_LENGTH } from './report/markdown.js';
export { renderTerminal } from './report/terminal.js';
export { renderJson } from './report/json.js';
export { renderJunit } from './report/junit.js';
export { renderHtml } from './report/html.js';
export { renderCsv } from './report/csv.js';
export { renderOpenMetrics } from './report/openmetrics.js';
export { WorkloadSeries as WorkloadSeriesSchema } from './model/series.js';
export { seriesFromRuns } from './metrics/series.js';
export { HistoryEntry as HistoryEntrySchema } from './history/schema.js';
export { appendHistory, readHistory, historyEntryOf } from './history/store.js';
export { buildTrends } from './history/trend.js';
export type { MetricTrend, TrendPoint, TrendOptions } from './history/trend.js';
export { REPORTERS, parseReporterSpecs, writeReports } from './report/registry.js';
export {
  quantile,
  percentiles,
  median,
  mad,
  summarize,
  theilSen,
  mannWhitneyU,
  bootstrapMedianRatio,
} from './stats/index.js';
export { parseBytes, parseDuration, parsePercent, parseFrequency, parseMetricValue } from './units/parse.js';

export type { LoadedWorkload, ResolvedWorkload } from './workload/types.js';
export type { WorkloadResult, ProgressEvent } from './pipeline/types.js';
export type { PipelineOptions, PipelineOutcome } from './pipeline/run.js';
export type { MeasureOptions } from './pipeline/measure.js';
export type { Measurement, MetricSummary, RunSettings } from './model/measurement.js';
export type { Reporter, ReporterOptions, ReporterSpec, ReporterName } from './report/registry.js';
export type { MarkdownOptions } from './report/markdown.js';
export type { TerminalOptions } from './report/terminal.js';
export type { SlopeEstimate, MannWhitneyResult, RatioInterval } from './stats/index.js';
