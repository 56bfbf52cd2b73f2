// How contended the CPU was while a repeat ran: Linux pressure stall
// information (`/proc/pressure/cpu`, "some": the time at least one runnable
// task waited for a CPU), the 1-minute load average against the cores as the
// fallback where PSI is missing (kernels before 4.20, or PSI disabled), the
// CPU time memgate's finished children used (`/proc/self/stat` cutime +
// cstime), to hold against the repeat's wall time, and the machine's CPU
// times from `/proc/stat`, whose `steal` column is the time the hypervisor
// ran something else while a virtual CPU of this machine wanted to run.
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { CLOCK_TICK_MS, splitProcStat } from './proc-parse.js';

export interface PressureSnapshot {
  /** performance.now() when read. */
  readonly at: number;
  /** PSI "some" total stall time in microseconds; null without PSI. */
  readonly stallUs: number | null;
  /** 1-minute load average ÷ cores. */
  readonly loadPerCore: number;
  /** CPU time (user + system) of this process's reaped children, ms; null off Linux. */
  readonly childCpuMs: number | null;
  /**
   * CPU time of memgate's process and its waited-for children together (ms):
   * the repeat's own CPU, to tell its own threads' contention from a neighbour's.
   */
  readonly ownCpuMs?: number | null;
  /** The machine's busy and stolen CPU time so far (all CPUs, clock ticks); null without /proc/stat. */
  readonly cpuTicks?: CpuTicks | null;
}

/** Cumulative CPU time of the machine in clock ticks. */
export interface CpuTicks {
  /** Time some CPU was not idle: user, nice, system, irq, softirq and steal. */
  readonly busy: number;
  /** Of that, time the hypervisor gave the virtual CPU's core to something else (0 on bare metal). */
  readonly steal: number;
}

/**
 * Parses the aggregate "cpu" line of /proc/stat: user nice system idle
 * iowait irq softirq steal …; null when malformed. Guest time is already
 * counted in user and nice, so it is not added again.
 */
export function parseCpuTicks(text: string): CpuTicks | null {
  const line = /^cpu\s+(.*)$/m.exec(text)?.[1];
  if (line === undefined) return null;
  const ticks = line.trim().split(/\s+/).map(Number);
  const at = (column: number) => ticks[column] ?? Number.NaN;
  const steal = at(7);
  const busy = at(0) + at(1) + at(2) + at(5) + at(6) + steal;
  return Number.isFinite(busy) ? { busy, steal } : null;
}

/** Parses the "some ... total=N" line of /proc/pressure/cpu; null when absent. */
export function parsePsiTotal(text: string): number | null {
  const total = /^some\b.*\btotal=(\d+)/m.exec(text)?.[1];
  return total === undefined ? null : Number(total);
}

// The sum of the given /proc/<pid>/stat fields (CPU times in clock ticks), in ms; null when one is missing.
function cpuFieldsMs(stat: string, fields: readonly number[]): number | null {
  const split = splitProcStat(stat);
  if (!split) return null;
  const ticks = fields.map((n) => Number(split.field(n)));
  return ticks.every(Number.isFinite) ? ticks.reduce((sum, value) => sum + value, 0) * CLOCK_TICK_MS : null;
}

/** cutime + cstime of /proc/<pid>/stat in ms (fields 16 and 17): this process's reaped children. */
export function parseChildCpuMs(stat: string): number | null {
  return cpuFieldsMs(stat, [16, 17]);
}

/** utime + stime + cutime + cstime of /proc/<pid>/stat in ms (fields 14 to 17): this process and its reaped children. */
export function parseOwnCpuMs(stat: string): number | null {
  return cpuFieldsMs(stat, [14, 15, 16, 17]);
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** One reading; cheap (three small /proc reads), taken before and after each repeat. */
export function readPressure(): PressureSnapshot {
  const psi = readText('/proc/pressure/cpu');
  const stat = readText('/proc/self/stat');
  const machine = readText('/proc/stat');
  return {
    at: performance.now(),
    stallUs: psi === null ? null : parsePsiTotal(psi),
    loadPerCore: (loadavg()[0] ?? 0) / Math.max(1, availableParallelism()),
    childCpuMs: stat === null ? null : parseChildCpuMs(stat),
    ownCpuMs: stat === null ? null : parseOwnCpuMs(stat),
    cpuTicks: machine === null ? null : parseCpuTicks(machine),
  };
}
