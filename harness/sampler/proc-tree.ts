// Samples a process and all its descendants from outside: /proc on Linux, a
// `ps` fallback elsewhere (no FD counts, no thread counts there). Processes
// come and go between two reads, so every per-process read tolerates ENOENT.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { execa } from 'execa';
import {
  CLOCK_TICKS_PER_SECOND,
  descendantsOf,
  parseCmdline,
  parseProcStat,
  parsePsLine,
  parseSignalMasks,
  type ProcessStat,
  type SignalMasks,
} from './proc-parse.js';

/** One process of the tree at one moment. */
export interface ProcessSample {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  readonly rss: number;
  /** Open file descriptors; null where the platform (or permissions) cannot tell. */
  readonly fds: number | null;
  readonly threads: number;
  readonly cpuMs: number;
  /** With pid, identifies the process across pid reuse (0 from ps). */
  readonly startTicks: number;
}

export interface TreeSnapshot {
  /** Date.now() when taken. */
  readonly at: number;
  readonly processes: readonly ProcessSample[];
}

export interface SampleTreeOptions {
  /** Also count processes in this process group (descendants reparented to init stay in the group). */
  readonly groupId?: number;
  /** More roots sampled as part of the same tree, each with its own process group (several processes as one workload). */
  readonly moreRoots?: readonly number[];
}

export { CLOCK_TICKS_PER_SECOND };
const isLinux = process.platform === 'linux';
let pageSize: number | undefined;

/** Samples `rootPid` and its descendants (and members of `groupId`). Empty when the root is gone. */
export async function sampleTree(rootPid: number, options: SampleTreeOptions = {}): Promise<TreeSnapshot> {
  if (isLinux) return { at: Date.now(), processes: sampleProc(rootPid, options) };
  return sampleTreeWithPs(rootPid, options);
}

/** The fallback off Linux: one `ps` call per sample; no FD counts, threads reported as 0. */
export async function sampleTreeWithPs(rootPid: number, options: SampleTreeOptions = {}): Promise<TreeSnapshot> {
  return { at: Date.now(), processes: await samplePs(rootPid, options) };
}

/** One process's /proc stat, or undefined when it is gone (Linux only). */
export function readStat(pid: number): ProcessStat | undefined {
  const text = readQuietly(`/proc/${pid}/stat`);
  return text === undefined ? undefined : parseProcStat(text);
}

/** Every process in /proc, parsed; vanished ones skipped. */
export function readAllStats(): ProcessStat[] {
  const stats: ProcessStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.push(stat);
  }
  return stats;
}

function sampleProc(rootPid: number, options: SampleTreeOptions): ProcessSample[] {
  const stats = readAllStats();
  const members = membersOf(rootPid, options, stats);
  const bytesPerPage = getPageSize();
  return stats
    .filter((stat) => members.has(stat.pid) && stat.state !== 'Z')
    .map((stat) => ({
      pid: stat.pid,
      ppid: stat.ppid,
      comm: stat.comm,
      rss: stat.rssPages * bytesPerPage,
      fds: countFds(stat.pid),
      threads: stat.threads,
      cpuMs: (stat.cpuTicks * 1000) / CLOCK_TICKS_PER_SECOND,
      startTicks: stat.startTicks,
    }));
}

function membersOf(
  rootPid: number,
  options: SampleTreeOptions,
  stats: readonly { pid: number; ppid: number; pgid: number }[],
): Set<number> {
  const parents = new Map(stats.map((stat) => [stat.pid, stat.ppid]));
  const members = descendantsOf(rootPid, parents);
  const groups = new Set<number>(options.moreRoots ?? []);
  if (options.groupId !== undefined) groups.add(options.groupId);
  for (const root of options.moreRoots ?? []) for (const pid of descendantsOf(root, parents)) members.add(pid);
  if (groups.size > 0) for (const stat of stats) if (groups.has(stat.pgid)) members.add(stat.pid);
  return members;
}

async function samplePs(rootPid: number, options: SampleTreeOptions): Promise<ProcessSample[]> {
  const { stdout } = await execa('ps', ['-A', '-o', 'pid=,ppid=,pgid=,rss=,time=,comm='], { reject: false });
  const rows = stdout.split('\n').flatMap((line) => parsePsLine(line) ?? []);
  const members = membersOf(rootPid, options, rows);
  return rows
    .filter((row) => members.has(row.pid))
    .map((row) => ({
      pid: row.pid,
      ppid: row.ppid,
      comm: row.comm,
      rss: row.rssBytes,
      fds: null,
      threads: 0,
      cpuMs: row.cpuMs,
      startTicks: 0,
    }));
}

/** Open FDs of a process, or null when it is gone or not ours to look at. */
export function countFds(pid: number): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

/** What each open FD points to ("socket:[123]", "/tmp/x.log"), for diagnosis; empty off Linux. */
export function listFdTargets(pid: number): string[] {
  if (!isLinux) return [];
  let entries: string[];
  try {
    entries = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  return entries.flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
    } catch {
      return [];
    }
  });
}

/** Signal dispositions of a live process (Linux), or undefined when it is gone. */
export function readSignalMasks(pid: number): SignalMasks | undefined {
  const text = isLinux ? readQuietly(`/proc/${pid}/status`) : undefined;
  return text === undefined ? undefined : parseSignalMasks(text);
}

/**
 * The program a process runs: the file name of /proc/<pid>/exe ("bash" for a
 * script started through its #! line, whose comm is the script's name), or
 * of argv[0] when exe cannot be read.
 */
export function executableOf(pid: number): string | null {
  if (!isLinux) return null;
  try {
    return basename(readlinkSync(`/proc/${pid}/exe`)).replace(/ \(deleted\)$/, '');
  } catch {
    const argv0 = readQuietly(`/proc/${pid}/cmdline`)?.split('\0')[0];
    return argv0 ? basename(argv0) : null;
  }
}

/** The command line of a live process, for orphan reports. */
export function commandOf(pid: number, fallback = '?'): string {
  const raw = isLinux ? readQuietly(`/proc/${pid}/cmdline`) : undefined;
  const text = raw === undefined ? '' : parseCmdline(raw);
  return text || fallback;
}

function readQuietly(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

// statm counts pages and status counts KiB: their ratio is the page size
// (4 KiB on x86-64, 16 or 64 KiB on some arm64 kernels), without a subprocess.
function getPageSize(): number {
  if (pageSize !== undefined) return pageSize;
  const statm = Number(readQuietly('/proc/self/statm')?.trim().split(/\s+/)[1]);
  const vmRssKiB = Number(/VmRSS:\s+(\d+)/.exec(readQuietly('/proc/self/status') ?? '')?.[1]);
  const ratio = (vmRssKiB * 1024) / statm;
  pageSize = Number.isFinite(ratio) && ratio > 0 ? 2 ** Math.round(Math.log2(ratio)) : 4096;
  return pageSize;
}
