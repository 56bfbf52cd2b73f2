// memgate's public API for config and workload files. Explicit named exports
// only. Everything here is light at run time (no zod, esbuild or execa):
// measured children import this module through the workload bundle, and
// whatever it loads would be counted as the workload's memory. The
// programmatic API (loading, measuring, reporting) lives in `memgate/api`.
export { defineConfig } from './config/define.js';
export { defineWorkload } from './config/define-workload.js';
export { MemgateError } from './errors.js';
export { METRIC_CATALOGUE } from './model/catalogue.js';

export type { ConfigInput as MemgateConfig, ResolvedConfig } from './config/schema.js';
export type {
  InProcessWorkloadDefinition,
  ProcessWorkloadDefinition,
  WorkloadDefinition,
} from './config/define-workload.js';
export type { DriveContext, OpContext, WorkloadContext } from './config/workload-schema.js';
export type { MetricId, MetricInfo, MetricUnit } from './model/catalogue.js';
export type { Report, WorkloadReport, MetricVerdict, MetricStatus, LeakFinding, Diagnosis } from './model/report.js';
export type { MemgateErrorCode } from './errors.js';
