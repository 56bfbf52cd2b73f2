// The environment a measurement was taken in. Baselines carry it, and compare
// explains a mismatch ("node 20 -> 22") instead of calling noise a regression.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { EnvFingerprint } from '../model/report.js';
import { MEMGATE_VERSION } from '../version.js';

/** Flags every measured child gets from the runner (see child.ts). */
export const CHILD_NODE_FLAGS = ['--expose-gc'] as const;

/** Memory limits at or above this are "unlimited" (cgroup v1 writes 2^63 rounded to pages). */
const UNLIMITED = 2 ** 60;

/**
 * Reads the fingerprint once per process. `nodeFlags` are the flags of the
 * measured CHILD (the runner's own flags plus NODE_OPTIONS, which the child
 * inherits), not of the parent: how memgate itself was started (tsx, vitest)
 * does not change what is measured.
 */
export function readEnvFingerprint(env: Readonly<Record<string, string | undefined>> = process.env): EnvFingerprint {
  const cpuList = cpus();
  return {
    node: process.versions.node,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    cpuModel: (cpuList[0]?.model ?? 'unknown').trim().replace(/\s+/g, ' '),
    cpuCount: cpuList.length,
    totalMemory: totalmem(),
    cgroupMemoryLimit: readCgroupMemoryLimit(),
    nodeFlags: [...CHILD_NODE_FLAGS, ...splitNodeOptions(env['NODE_OPTIONS'])],
    memgateVersion: MEMGATE_VERSION,
  };
}

/** cgroup v2 `memory.max`, else v1 `memory.limit_in_bytes`; null when unlimited or unknown. */
export function readCgroupMemoryLimit(): number | null {
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    const limit = parseCgroupLimit(readQuietly(file));
    if (limit !== undefined) return limit;
  }
  return null;
}

/** "max" or a huge number -> null; a byte count -> the number; unreadable -> undefined. */
export function parseCgroupLimit(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  const value = text.trim();
  if (value === 'max') return null;
  const bytes = Number(value);
  if (!Number.isFinite(bytes) || value === '') return undefined;
  return bytes >= UNLIMITED ? null : bytes;
}

/** NODE_OPTIONS split the way Node splits it: on spaces outside double quotes, quotes removed, `\\` escaping inside them. */
export function splitNodeOptions(value: string | undefined): string[] {
  const flags: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < (value ?? '').length; i++) {
    const char = value?.[i] ?? '';
    if (char === '\\' && quoted) current += value?.[++i] ?? '';
    else if (char === '"') quoted = !quoted;
    else if (/\s/.test(char) && !quoted) {
      if (started) flags.push(current);
      current = '';
      started = false;
      continue;
    } else current += char;
    started = true;
  }
  if (started) flags.push(current);
  return flags;
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
