// Human text for soak state: the progress line printed at each check and
// `memgate soak status <tag>`. Pure.
import { formatValue } from '../units/format.js';
import type { SoakState } from './state.js';

type Trend = SoakState['trend']['rss'];

/** "1h 05m", "12m 30s", "4.2s". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const totalMinutes = Math.floor(ms / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes}m ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${hours}h ${String(minutes).padStart(2, '0')}m`;
}

function rate(trend: Trend, unit: 'bytes/min' | 'count/min'): string {
  const value =
    trend.perMin === null
      ? 'no rate yet'
      : `${trend.perMin >= 0 ? '+' : '-'}${formatValue(Math.abs(trend.perMin), unit)}`;
  return `${value} (limit ${formatValue(trend.limit, unit)}), ${trend.direction}`;
}

/** One line per check, for stderr. */
export function formatProgress(state: SoakState): string {
  const rss = state.current ? formatValue(state.current.rss, 'bytes') : '?';
  const fds = state.current?.fds ?? '?';
  const line =
    `soak ${state.tag}: ${formatDuration(state.elapsedMs)} of ${formatDuration(state.targetMs)}, rss ${rss} ${rate(state.trend.rss, 'bytes/min')}, fds ${fds} ${state.trend.fd ? rate(state.trend.fd, 'count/min') : ''}`.trimEnd();
  // Over the limit without enough evidence yet: say so at every check, not only at the end.
  const waiting = state.pending.map(
    (p) => `${p.resource} over its limit, not enough evidence yet (~${p.minutesMore} min more)`,
  );
  return waiting.length > 0 ? `${line} · ${waiting.join(' · ')}` : line;
}

/** The full status, several lines. */
export function formatStatus(state: SoakState): string {
  const lines = [
    `soak ${state.tag}: ${state.status} (workload ${state.workload}, pid ${state.pid})`,
    `  started ${state.startedAt}, elapsed ${formatDuration(state.elapsedMs)} of ${formatDuration(state.targetMs)}, clean ${formatDuration(state.cleanMs)}`,
    `  ${state.checks} checks every ${formatDuration(state.intervalMs)}, last ${state.lastCheck ?? 'none yet'}`,
  ];
  if (state.current)
    lines.push(
      `  now: rss ${formatValue(state.current.rss, 'bytes')}, fds ${state.current.fds ?? 'unknown'}, ${state.current.processes} process(es)`,
    );
  lines.push(`  memory: ${rate(state.trend.rss, 'bytes/min')}`);
  if (state.trend.fd) lines.push(`  fds:    ${rate(state.trend.fd, 'count/min')}`);
  for (const breach of state.breaches) lines.push(`  breach at ${formatDuration(breach.atMs)}: ${breach.message}`);
  for (const evidence of state.pending)
    lines.push(`  ${state.status === 'inconclusive' ? 'inconclusive' : 'pending'}: ${evidence.message}`);
  for (const report of state.reports) lines.push(`  report: ${report}`);
  if (state.error) lines.push(`  error: ${state.error}`);
  lines.push(
    `  memgate's own RSS: ${formatValue(state.memgateRss.first, 'bytes')} at start, ${formatValue(state.memgateRss.last, 'bytes')} now, peak ${formatValue(state.memgateRss.peak, 'bytes')}`,
  );
  return `${lines.join('\n')}\n`;
}
