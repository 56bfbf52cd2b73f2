// Environment differences between a baseline and now. A different Node major,
// platform or architecture moves memory numbers for reasons that are not the
// code's, so noisy metrics stop gating (unless `compare.strict`); smaller
// differences (CPU, memory, flags) become notes. Pure.
import type { EnvFingerprint } from '../model/report.js';

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

/** Differences worth a note but not a change of gating. */
export function findEnvNotes(baseline: EnvFingerprint, current: EnvFingerprint): string[] {
  const notes: string[] = [];
  if (baseline.cpuCount !== current.cpuCount || baseline.cpuModel !== current.cpuModel) {
    notes.push(
      `CPU differs from the baseline's (${baseline.cpuCount} × ${baseline.cpuModel} → ${current.cpuCount} × ${current.cpuModel}); latency and pauses may shift`,
    );
  }
  if (baseline.nodeFlags.join(' ') !== current.nodeFlags.join(' ')) {
    notes.push(
      `Node flags differ from the baseline's ([${baseline.nodeFlags.join(' ')}] → [${current.nodeFlags.join(' ')}])`,
    );
  }
  if (baseline.cgroupMemoryLimit !== current.cgroupMemoryLimit) {
    notes.push(
      `memory limit differs from the baseline's (${baseline.cgroupMemoryLimit ?? 'none'} → ${current.cgroupMemoryLimit ?? 'none'} bytes)`,
    );
  }
  return notes;
}
