// `memgate soak --csv FILE`: one row per soak sample (each --interval check),
// the way the Go team's MemoryDoctor logs a sample every few seconds: time,
// elapsed, RSS in bytes and MB, FDs, processes, the current growth rates and
// the soak's status. The file is started with a header and appended to row by
// row, so it can be tailed or plotted while the soak runs and memgate keeps
// nothing in memory for it.
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MemgateError } from '../../errors.js';
import { toCsv } from '../../report/csv.js';
import type { SoakState } from '../../soak/state.js';

export const SOAK_CSV_COLUMNS = [
  'time',
  'elapsed_s',
  'rss_bytes',
  'rss_mb',
  'fds',
  'processes',
  'rss_growth_mb_per_min',
  'fd_growth_per_min',
  'status',
] as const;

/** The row of one check (pure). */
export function soakCsvRow(state: SoakState): Array<string | number | null> {
  const rss = state.current?.rss ?? null;
  const rate = state.trend.rss.perMin;
  return [
    state.lastCheck ?? state.updatedAt,
    Math.round(state.elapsedMs) / 1000,
    rss,
    rss === null ? null : Math.round(rss / 1e4) / 100,
    state.current?.fds ?? null,
    state.current?.processes ?? null,
    rate === null ? null : rate / 1e6,
    state.trend.fd?.perMin ?? null,
    state.status,
  ];
}

export interface SoakCsvWriter {
  add(state: SoakState): void;
  /** Resolves when every row is on disk. */
  close(): Promise<void>;
}

export async function openSoakCsv(file: string): Promise<SoakCsvWriter> {
  const fail = (error: unknown): never => {
    throw new MemgateError(
      'IO',
      `${file}: cannot write the soak CSV (${(error as Error).message}) — check that --csv names a writable file`,
      { cause: error },
    );
  };
  await mkdir(dirname(file), { recursive: true }).catch(fail);
  await writeFile(file, toCsv(SOAK_CSV_COLUMNS, []), 'utf8').catch(fail);
  let writes = Promise.resolve();
  let failure: unknown;
  return {
    add(state) {
      // The header line is dropped: toCsv always writes one.
      const line = toCsv(SOAK_CSV_COLUMNS, [soakCsvRow(state)]).split('\r\n')[1] ?? '';
      writes = writes
        .then(() => appendFile(file, `${line}\r\n`, 'utf8'))
        .catch((error: unknown) => {
          failure ??= error;
        });
    },
    async close() {
      await writes;
      if (failure !== undefined) fail(failure);
    },
  };
}
