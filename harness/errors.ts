// One error class for every failure memgate understands. Known errors print
// one line (no stack) and map to exit code 2; anything else is a bug and
// prints its stack.

export type MemgateErrorCode =
  | 'CONFIG_INVALID' // memgate.config.* failed validation or could not be loaded
  | 'WORKLOAD_INVALID' // a workload file failed validation or could not be loaded
  | 'WORKLOAD_NOT_FOUND' // a filter matched nothing
  | 'BASELINE_INVALID' // a baseline file is corrupt or of another schema version
  | 'REPORT_INVALID' // a JSON report (e.g. an artifact) failed validation
  | 'UPDATE_REFUSED' // baseline update refused (pull request, branch policy)
  | 'USAGE' // bad command-line usage
  | 'CHILD_FAILED' // a measured process crashed, timed out or sent bad data
  | 'PROCESS_NOT_READY' // a process workload never became ready
  | 'IO'; // a file could not be read or written

export class MemgateError extends Error {
  readonly code: MemgateErrorCode;

  constructor(code: MemgateErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MemgateError';
    this.code = code;
  }
}

export function isMemgateError(error: unknown): error is MemgateError {
  return error instanceof MemgateError;
}

// Formats a zod issue path the way users write keys: thresholds["alloc.perOp"].relative
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(root)';
}

/** The message of anything thrown: an Error's message, else its string form. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of a thrown value's message, for one-line errors. */
export function firstLineOf(error: unknown): string {
  const text = messageOf(error);
  return text.split('\n')[0] ?? text;
}
