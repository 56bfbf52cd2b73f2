// memgate's public API. Explicit named exports only: what is here is the
// contract users' memgate.config.ts and *.workload.ts files rely on.
export { defineConfig } from './config/schema.js';
export { defineWorkload } from './workload/define.js';
export { MemgateError } from './errors.js';
export { METRIC_CATALOGUE } from './metrics/catalogue.js';
export { Report as ReportSchema, REPORT_SCHEMA_VERSION } from './report/schema.js';

export type { ConfigInput as MemgateConfig, ResolvedConfig } from './config/schema.js';
export type {
  InProcessWorkloadDefinition,
  ProcessWorkloadDefinition,
  WorkloadDefinition,
} from './workload/define.js';
export type { DriveContext, OpContext, WorkloadContext } from './workload/schema.js';
export type { MetricId, MetricInfo, MetricUnit } from './metrics/catalogue.js';
export type { Report, WorkloadReport, MetricVerdict, MetricStatus, LeakFinding, Diagnosis } from './report/schema.js';
export type { MemgateErrorCode } from './errors.js';
