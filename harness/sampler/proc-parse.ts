// Pure parsers for the Linux /proc text formats and `ps` output the sampler
// reads. No I/O here, so each format is unit-tested with exact lines.

// USER_HZ is 100 on every mainstream Linux architecture (it is kernel ABI,
// independent of CONFIG_HZ); `getconf CLK_TCK` prints it. /proc counts CPU
// time in these ticks.
export const CLOCK_TICKS_PER_SECOND = 100;
export const CLOCK_TICK_MS = 1000 / CLOCK_TICKS_PER_SECOND;

/** One process as the sampler sees it at one moment. */
export interface ProcessStat {
  readonly pid: number;
  readonly ppid: number;
  /** Process group id: memgate starts commands in their own group, so descendants share it. */
  readonly pgid: number;
  /** Executable name (`comm`), at most 15 characters on Linux. */
  readonly comm: string;
  readonly state: string;
  readonly threads: number;
  /** utime + stime in clock ticks. */
  readonly cpuTicks: number;
  /** Start time in clock ticks after boot: with pid it identifies a process despite pid reuse. */
  readonly startTicks: number;
  /** Resident pages. */
  readonly rssPages: number;
}

/** A `/proc/<pid>/stat` line split: the command name, and field N of proc(5) (from 3, the state) as text. */
export interface ProcStatLine {
  readonly pid: number;
  readonly comm: string;
  field(n: number): string | undefined;
}

/**
 * Splits `/proc/<pid>/stat`. The command name sits in parentheses and may
 * itself contain spaces and parentheses, so fields are counted from the LAST
 * ")" (proc(5): state is field 3, ppid 4, pgrp 5, utime 14, stime 15,
 * cutime 16, cstime 17, num_threads 20, starttime 22, rss 24).
 */
export function splitProcStat(line: string): ProcStatLine | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    // fields[0] is field 3 of proc(5), so field N is fields[N - 3].
    field: (n) => fields[n - 3],
  };
}

/** Parses `/proc/<pid>/stat` into what the sampler keeps. */
export function parseProcStat(line: string): ProcessStat | undefined {
  const split = splitProcStat(line);
  if (!split) return undefined;
  const { pid, comm } = split;
  const field = (n: number): number => Number(split.field(n));
  const stat: ProcessStat = {
    pid,
    comm,
    state: split.field(3) ?? '?',
    ppid: field(4),
    pgid: field(5),
    cpuTicks: field(14) + field(15),
    threads: field(20),
    startTicks: field(22),
    rssPages: field(24),
  };
  const numbers = [stat.pid, stat.ppid, stat.pgid, stat.cpuTicks, stat.threads, stat.startTicks, stat.rssPages];
  return numbers.every(Number.isFinite) ? stat : undefined;
}

/** `/proc/<pid>/cmdline` is NUL-separated; shown joined by spaces. */
export function parseCmdline(raw: string): string {
  return raw
    .split('\0')
    .filter((part) => part.length > 0)
    .join(' ');
}

/** Row of `ps -A -o pid=,ppid=,pgid=,rss=,time=,comm=` (rss in KiB, time as [[dd-]hh:]mm:ss). */
export interface PsRow {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly rssBytes: number;
  readonly cpuMs: number;
  readonly comm: string;
}

export function parsePsLine(line: string): PsRow | undefined {
  const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
  if (!match) return undefined;
  const cpuMs = parsePsTime(match[5] ?? '');
  if (cpuMs === undefined) return undefined;
  return {
    pid: Number(match[1]),
    ppid: Number(match[2]),
    pgid: Number(match[3]),
    rssBytes: Number(match[4]) * 1024,
    cpuMs,
    comm: (match[6] ?? '').trim(),
  };
}

/** "1-02:03:04", "02:03:04", "03:04" or macOS "0:01.23" -> milliseconds. */
export function parsePsTime(text: string): number | undefined {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return (((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

/** pids of `root` and all its descendants, following ppid links (root included). */
export function descendantsOf(root: number, parents: ReadonlyMap<number, number>): Set<number> {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const found = new Set<number>();
  const stack = parents.has(root) ? [root] : [];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (found.has(pid)) continue;
    found.add(pid);
    for (const child of children.get(pid) ?? []) stack.push(child);
  }
  return found;
}

/** VmHWM from `/proc/<pid>/status`, in bytes: the RSS high-water mark since the process's exec; null when absent. */
export function parseVmHwm(status: string): number | null {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/** Signal dispositions from `/proc/<pid>/status` (hex bit masks; bit n-1 is signal n). */
export interface SignalMasks {
  readonly blocked: bigint;
  readonly ignored: bigint;
  readonly caught: bigint;
}

export function parseSignalMasks(status: string): SignalMasks | undefined {
  const mask = (key: string): bigint | undefined => {
    const match = new RegExp(`^${key}:\\s*([0-9a-f]+)$`, 'im').exec(status);
    return match ? BigInt(`0x${match[1]}`) : undefined;
  };
  const blocked = mask('SigBlk');
  const ignored = mask('SigIgn');
  const caught = mask('SigCgt');
  if (blocked === undefined || ignored === undefined || caught === undefined) return undefined;
  return { blocked, ignored, caught };
}

/** Whether signal number `signo` is set in `mask`. */
export function hasSignal(mask: bigint, signo: number): boolean {
  return ((mask >> BigInt(signo - 1)) & 1n) === 1n;
}
