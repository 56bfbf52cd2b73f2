// How contended the CPU was while a repeat ran: Linux pressure stall
// information (`/proc/pressure/cpu`, "some": the time at least one runnable
// task waited for a CPU), the 1-minute load average against the cores as the
// fallback where PSI is missing (kernels before 4.20, or PSI disabled), and
// the CPU time memgate's finished children used (`/proc/self/stat` cutime +
// cstime), to hold against the repeat's wall time.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

export interface PressureSnapshot {
  /** performance.now() when read. */
  readonly at: number;
  /** PSI "some" total stall time in microseconds; null without PSI. */
  readonly stallUs: number | null;
  /** 1-minute load average ÷ cores. */
  readonly loadPerCore: number;
  /** CPU time (user + system) of this process's reaped children, ms; null off Linux. */
  readonly childCpuMs: number | null;
}

/** Parses the "some ... total=N" line of /proc/pressure/cpu; null when absent. */
export function parsePsiTotal(text: string): number | null {
  const total = /^some\b.*\btotal=(\d+)/m.exec(text)?.[1];
  return total === undefined ? null : Number(total);
}

/** cutime + cstime of /proc/<pid>/stat in ms (fields 16 and 17; USER_HZ is 100 on Linux). */
export function parseChildCpuMs(stat: string): number | null {
  // The command name (field 2) may hold spaces and parentheses: split after its last ")".
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cutime = Number(rest[13]);
  const cstime = Number(rest[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? (cutime + cstime) * 10 : null;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** One reading; cheap (two small /proc reads), taken before and after each repeat. */
export function readPressure(): PressureSnapshot {
  const psi = readText('/proc/pressure/cpu');
  const stat = readText('/proc/self/stat');
  return {
    at: performance.now(),
    stallUs: psi === null ? null : parsePsiTotal(psi),
    loadPerCore: (loadavg()[0] ?? 0) / Math.max(1, availableParallelism()),
    childCpuMs: stat === null ? null : parseChildCpuMs(stat),
  };
}
