// Reads `memgate soak --csv FILE --metrics-port N` into the live outputs' options.
import { resolve } from 'node:path';
import type { CliIO } from './io.js';
import { MemgateError } from '../errors.js';
import type { LiveOutputOptions } from './soak-outputs/live-outputs.js';

export function liveOutputOptions(
  io: Pick<CliIO, 'cwd'>,
  flags: { readonly csv?: string; readonly metricsPort?: unknown },
  tag: string,
  workload: string,
): LiveOutputOptions {
  const csv = flags.csv === undefined ? undefined : String(flags.csv);
  if (csv !== undefined && csv.trim() === '')
    throw new MemgateError('USAGE', '--csv: expected a file name, e.g. --csv soak-samples.csv');
  return {
    tag,
    workload,
    ...(csv === undefined ? {} : { csvFile: resolve(io.cwd, csv) }),
    ...(flags.metricsPort === undefined ? {} : { metricsPort: readPort(flags.metricsPort) }),
  };
}

function readPort(value: unknown): number {
  const port = Number(value);
  if (Number.isInteger(port) && port >= 0 && port <= 65_535) return port;
  throw new MemgateError(
    'USAGE',
    `--metrics-port: expected a port from 0 to 65535 (0 picks a free one), got ${JSON.stringify(value)}`,
  );
}
