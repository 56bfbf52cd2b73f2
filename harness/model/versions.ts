// Format versions, in a file of their own so that the measured child can
// stamp its RawRun without loading zod (every module it loads counts as the
// workload's memory).

/** Version of the RawRun shape the child sends and the process runner assembles. */
export const RAW_RUN_SCHEMA_VERSION = 1;
