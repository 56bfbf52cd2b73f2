// Polls a process tree at an interval into bounded storage, keeping exact
// running peaks (a peak between two kept samples is never thinned away) and
// a short record per process. Memory stays flat however long it runs.
import type { TreeSample } from '../model/raw-run.js';
import { BoundedSeries } from './bounded-series.js';
import { sampleTree, type ProcessSample, type TreeSnapshot } from './proc-tree.js';

export interface ProcessRecord {
  readonly pid: number;
  readonly comm: string;
  readonly startTicks: number;
  peakRss: number;
  lastRss: number;
  lastFds: number | null;
  lastCpuMs: number;
}

export interface TreeSamplerOptions {
  readonly intervalMs: number;
  /** Process group to follow as well (see SampleTreeOptions.groupId). */
  readonly groupId?: number;
  /** Most samples kept (default 2048). */
  readonly capacity?: number;
  /** Called after every sample, e.g. by the soak monitor. */
  readonly onSample?: (sample: TreeSample, snapshot: TreeSnapshot) => void;
}

/** Most per-process records kept; a service forking per request must not grow memgate. */
const MAX_PROCESS_RECORDS = 256;

export class TreeSampler {
  private readonly series: BoundedSeries<TreeSample>;
  private readonly records = new Map<string, ProcessRecord>();
  private origin = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private exitedCpuMs = 0;
  private seenProcesses = 0;
  private stopped = true;
  private readonly moreRoots: number[] = [];
  peakRss = 0;
  last: TreeSample | undefined;

  constructor(
    readonly rootPid: number,
    private readonly options: TreeSamplerOptions,
  ) {
    this.series = new BoundedSeries<TreeSample>(options.capacity ?? 2048);
  }

  /** Samples another process (and its group) as part of the same tree from now on: a workload of several processes. */
  addRoot(pid: number): void {
    if (pid !== this.rootPid && !this.moreRoots.includes(pid)) this.moreRoots.push(pid);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Starts the kept series afresh at `at` (peaks stay): the measured phase begins. */
  restartSeries(at = Date.now()): void {
    this.origin = at;
    this.series.clear();
  }

  /** Takes one sample now (between polls). */
  async sampleNow(): Promise<TreeSample | undefined> {
    await this.inFlight;
    this.inFlight = this.takeSample();
    await this.inFlight;
    return this.last;
  }

  samples(): TreeSample[] {
    return this.series.values();
  }

  processes(): ProcessRecord[] {
    return [...this.records.values()];
  }

  /** Processes seen in the tree so far, including ones that already exited. */
  get processesSeen(): number {
    return this.seenProcesses;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.takeSample().finally(() => this.schedule(this.options.intervalMs));
    }, delay);
    this.timer.unref();
  }

  private async takeSample(): Promise<void> {
    const snapshot = await sampleTree(this.rootPid, {
      groupId: this.options.groupId,
      moreRoots: [...this.moreRoots],
    }).catch(() => undefined);
    if (!snapshot || snapshot.processes.length === 0) return;
    const sample = this.summarize(snapshot);
    this.last = sample;
    this.peakRss = Math.max(this.peakRss, sample.rss);
    if (snapshot.at >= this.origin) this.series.add(sample);
    this.options.onSample?.(sample, snapshot);
  }

  private summarize(snapshot: TreeSnapshot): TreeSample {
    this.track(snapshot.processes);
    let rss = 0;
    let fds: number | null = null;
    let threads = 0;
    for (const process of snapshot.processes) {
      rss += process.rss;
      threads += process.threads;
      if (process.fds !== null) fds = (fds ?? 0) + process.fds;
    }
    const liveCpu = snapshot.processes.reduce((sum, process) => sum + process.cpuMs, 0);
    return {
      tMs: Math.max(0, snapshot.at - this.origin),
      rss,
      fds,
      threads,
      cpuMs: this.exitedCpuMs + liveCpu,
      processes: snapshot.processes.length,
    };
  }

  // Updates per-process records; a process that vanished adds its last CPU
  // time to the exited total so tree CPU never goes backwards.
  private track(processes: readonly ProcessSample[]): void {
    const alive = new Set<string>();
    for (const process of processes) {
      const key = `${process.pid}:${process.startTicks}`;
      alive.add(key);
      const record = this.records.get(key);
      if (record) {
        record.peakRss = Math.max(record.peakRss, process.rss);
        record.lastRss = process.rss;
        record.lastFds = process.fds;
        record.lastCpuMs = process.cpuMs;
      } else {
        this.seenProcesses += 1;
        if (this.records.size < MAX_PROCESS_RECORDS) {
          this.records.set(key, {
            pid: process.pid,
            comm: process.comm,
            startTicks: process.startTicks,
            peakRss: process.rss,
            lastRss: process.rss,
            lastFds: process.fds,
            lastCpuMs: process.cpuMs,
          });
        }
      }
    }
    for (const [key, record] of this.records) {
      if (alive.has(key)) continue;
      this.exitedCpuMs += record.lastCpuMs;
      this.records.delete(key);
    }
  }
}
