// What a soak publishes while it runs, beside its state file: the samples CSV
// (`--csv`) and the scrape endpoint (`--metrics-port`). Opened before the soak
// starts (a bad file or a taken port fails fast, exit 2), fed at every check,
// closed when the soak ends.
import { renderSoakMetrics, renderSoakStarting } from './metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { openSoakCsv, type SoakCsvWriter } from './samples-csv.js';
import type { SoakState } from '../../soak/state.js';

export interface LiveOutputOptions {
  readonly tag: string;
  readonly workload: string;
  /** Absolute path of the samples CSV. */
  readonly csvFile?: string;
  readonly metricsPort?: number;
}

export interface LiveOutputs {
  /** The port the scrape endpoint listens on (127.0.0.1), when one was asked for. */
  readonly port: number | null;
  onCheck(state: SoakState): void;
  close(): Promise<void>;
}

export async function openLiveOutputs(options: LiveOutputOptions): Promise<LiveOutputs> {
  let latest: SoakState | null = null;
  const csv: SoakCsvWriter | null = options.csvFile === undefined ? null : await openSoakCsv(options.csvFile);
  let server: MetricsServer | null = null;
  try {
    if (options.metricsPort !== undefined)
      server = await startMetricsServer(options.metricsPort, () =>
        latest ? renderSoakMetrics(latest) : renderSoakStarting(options.tag, options.workload),
      );
  } catch (error) {
    await csv?.close();
    throw error;
  }
  return {
    port: server?.port ?? null,
    onCheck(state) {
      latest = state;
      csv?.add(state);
    },
    async close() {
      await server?.close();
      await csv?.close();
    },
  };
}
