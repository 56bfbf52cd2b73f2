// Environment differences between a baseline and now. A different Node major,
// platform or architecture moves memory numbers for reasons that are not the
// code's, so noisy metrics stop gating (unless `compare.strict`). Another CPU
// (model or count) moves what is measured in time, so timed metrics stop
// gating; memory figures and counters still gate. Memory limit, flags and
// the measured program's runtime (a process workload's) become notes. Pure.
import type { EnvFingerprint } from '../model/report.js';
import { isWallClockMetric } from './contention.js';

function major(version: string): string {
  return version.replace(/^v/, '').split('.')[0] ?? version;
}

/** Differences that make noisy metrics informational: "node 20 → 22", "arch x64 → arm64". */
export function findEnvMismatch(baseline: EnvFingerprint, current: EnvFingerprint): string[] {
  const out: string[] = [];
  if (major(baseline.node) !== major(current.node)) out.push(`node ${major(baseline.node)} → ${major(current.node)}`);
  if (baseline.platform !== current.platform) out.push(`platform ${baseline.platform} → ${current.platform}`);
  if (baseline.arch !== current.arch) out.push(`arch ${baseline.arch} → ${current.arch}`);
  return out;
}

/**
 * Metrics measured in wall time: another CPU moves them, whatever the code
 * does. Measured against baselines recorded on an Intel Xeon, a 10-run A/A
 * round on an AMD EPYC (same Node, same code) read GC pauses and GC time
 * 0.5-3.8x the baseline's (http-loopback's pooled pause P99 3.1x at the
 * median, failing 2 of 10 runs, confirmed by their re-runs; stream-zlib's
 * GC time 1.7x) while the operations ran up to 2x faster: the two CPUs
 * differ in memory and caches, not only in speed, so no pace correction
 * recovers the comparison.
 */
export function isTimedMetric(id: string): boolean {
  return isWallClockMetric(id) || PER_TIME_METRICS.has(id);
}

// Besides the wall-clock metrics: a CPU share and growth per minute, both over wall time.
const PER_TIME_METRICS: ReadonlySet<string> = new Set(['cpu.percent', 'leak.heap.rate', 'leak.rss.rate', 'fd.rate']);

/** "2 × Intel Xeon → 2 × AMD EPYC" when the CPU model or count differs from the baseline's; null when the same. */
export function findCpuChange(baseline: EnvFingerprint, current: EnvFingerprint): string | null {
  if (baseline.cpuCount === current.cpuCount && baseline.cpuModel === current.cpuModel) return null;
  return `${baseline.cpuCount} × ${baseline.cpuModel} → ${current.cpuCount} × ${current.cpuModel}`;
}

/** Differences worth a note; a CPU change also stops timed metrics from gating (compare/workload.ts). */
export function findEnvNotes(baseline: EnvFingerprint, current: EnvFingerprint): string[] {
  const notes: string[] = [];
  const cpu = findCpuChange(baseline, current);
  if (cpu) {
    notes.push(
      `CPU differs from the baseline's (${cpu}): GC pauses, GC time and other timed metrics are reported, not gated; compare with --base, or record the baselines on this CPU, to gate them`,
    );
  }
  if (baseline.nodeFlags.join(' ') !== current.nodeFlags.join(' ')) {
    notes.push(
      `Node flags differ from the baseline's ([${baseline.nodeFlags.join(' ')}] → [${current.nodeFlags.join(' ')}])`,
    );
  }
  // The measured program's own runtime (a process workload's Python or Node): another
  // version moves its memory and GC figures, which still gate, as a dependency upgrade would.
  if (baseline.runtime !== undefined && current.runtime !== undefined && baseline.runtime !== current.runtime) {
    notes.push(
      `the measured program's runtime differs from the baseline's (${baseline.runtime} → ${current.runtime}): its memory and GC figures can move with it; if the change is intended, re-record with \`memgate update\``,
    );
  }
  if (baseline.cgroupMemoryLimit !== current.cgroupMemoryLimit) {
    notes.push(
      `memory limit differs from the baseline's (${baseline.cgroupMemoryLimit ?? 'none'} → ${current.cgroupMemoryLimit ?? 'none'} bytes)`,
    );
  }
  return notes;
}
