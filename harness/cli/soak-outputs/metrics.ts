// The live soak gauges (`memgate soak --metrics-port N`), in the exposition
// format Prometheus scrapes: RSS, FDs, processes, growth rates and their
// limits, elapsed and clean time, checks, breaches, status, and memgate's own
// RSS. Pure: a state in, text out.
import { renderExposition, type Family } from '../../report/exposition.js';
import type { SoakState } from '../../soak/state.js';

const STATUSES: readonly SoakState['status'][] = ['running', 'passed', 'inconclusive', 'failed', 'error'];

export function renderSoakMetrics(state: SoakState): string {
  const id = { tag: state.tag, workload: state.workload };
  const gauge = (name: string, help: string, value: number | null | undefined): Family => ({
    name,
    help,
    samples: value === null || value === undefined ? [] : [{ labels: id, value }],
  });
  return renderExposition([
    {
      name: 'memgate_soak_status',
      help: 'The soak status: 1 for the current one of running, passed, inconclusive, failed, error.',
      samples: STATUSES.map((status) => ({ labels: { ...id, status }, value: status === state.status ? 1 : 0 })),
    },
    gauge('memgate_soak_rss_bytes', 'RSS of the whole process tree at the last check.', state.current?.rss),
    gauge('memgate_soak_fds', 'Open file descriptors of the process tree at the last check.', state.current?.fds),
    gauge('memgate_soak_processes', 'Processes in the tree at the last check.', state.current?.processes),
    gauge(
      'memgate_soak_rss_growth_bytes_per_minute',
      'Robust slope of RSS after warmup (Theil-Sen), bytes per minute.',
      state.trend.rss.perMin,
    ),
    gauge('memgate_soak_rss_growth_limit_bytes_per_minute', 'The RSS growth limit.', state.trend.rss.limit),
    gauge(
      'memgate_soak_fd_growth_per_minute',
      'Robust slope of open FDs after warmup, per minute.',
      state.trend.fd?.perMin,
    ),
    gauge('memgate_soak_fd_growth_limit_per_minute', 'The FD growth limit.', state.trend.fd?.limit),
    gauge('memgate_soak_elapsed_seconds', 'Measured time so far.', state.elapsedMs / 1000),
    gauge('memgate_soak_target_seconds', 'The duration the soak was given.', state.targetMs / 1000),
    gauge('memgate_soak_clean_seconds', 'Measured time without a breach.', state.cleanMs / 1000),
    gauge('memgate_soak_checks', 'Checks done so far.', state.checks),
    gauge('memgate_soak_breaches', 'Breaches found (the soak stops at the first).', state.breaches.length),
    gauge('memgate_soak_memgate_rss_bytes', "memgate's own RSS at the last check (stays flat).", state.memgateRss.last),
  ]);
}

/** Before the first check: the soak is running and has checked nothing yet. */
export function renderSoakStarting(tag: string, workload: string): string {
  const id = { tag, workload };
  return renderExposition([
    {
      name: 'memgate_soak_status',
      help: 'The soak status: 1 for the current one of running, passed, inconclusive, failed, error.',
      samples: STATUSES.map((status) => ({ labels: { ...id, status }, value: status === 'running' ? 1 : 0 })),
    },
    { name: 'memgate_soak_checks', help: 'Checks done so far.', samples: [{ labels: id, value: 0 }] },
  ]);
}
