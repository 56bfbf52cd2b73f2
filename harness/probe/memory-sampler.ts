// Memory peaks. An unref'd timer samples RSS cheaply every tick and the full
// process.memoryUsage() every FULL_SAMPLE_EVERY ticks. A timer cannot fire
// while synchronous operations hold the event loop, so callers also sample
// at the end of every batch (the heap is then at its fullest, before settling).
import { ownMaxRss } from './own-max-rss.js';

/** Every this many ticks the sampler reads heap and external memory as well as RSS. */
export const FULL_SAMPLE_EVERY = 10;

export interface MemoryPeaks {
  readonly rssPeak: number;
  readonly maxRss: number;
  readonly heapUsedPeak: number;
  readonly heapTotalPeak: number;
  readonly externalPeak: number;
  readonly arrayBuffersPeak: number;
}

/** RSS: its peak so far and its value now, in bytes. */
export interface RssReading {
  readonly peak: number;
  readonly now: number;
}

export class MemorySampler {
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  /** Full samples taken by the timer since start(). */
  timerFullSamples = 0;
  private rssPeak = 0;
  private heapUsedPeak = 0;
  private heapTotalPeak = 0;
  private externalPeak = 0;
  private arrayBuffersPeak = 0;

  start(intervalMs: number): void {
    this.stopTimer();
    this.ticks = 0;
    this.timerFullSamples = 0;
    this.timer = setInterval(() => this.tick(), Math.max(1, intervalMs));
    // unref: the sampler must never keep the process alive, and unref'd
    // timers are not listed by process.getActiveResourcesInfo().
    this.timer.unref();
  }

  private tick(): void {
    if (++this.ticks % FULL_SAMPLE_EVERY === 0) {
      this.timerFullSamples++;
      this.sampleFull();
      return;
    }
    const rss = process.memoryUsage.rss();
    if (rss > this.rssPeak) this.rssPeak = rss;
  }

  /** Reads the full process.memoryUsage() and updates every peak; returns the reading. */
  sampleFull(): NodeJS.MemoryUsage {
    const usage = process.memoryUsage();
    this.observe(usage);
    return usage;
  }

  observe(usage: NodeJS.MemoryUsage): void {
    if (usage.rss > this.rssPeak) this.rssPeak = usage.rss;
    if (usage.heapUsed > this.heapUsedPeak) this.heapUsedPeak = usage.heapUsed;
    if (usage.heapTotal > this.heapTotalPeak) this.heapTotalPeak = usage.heapTotal;
    if (usage.external > this.externalPeak) this.externalPeak = usage.external;
    if (usage.arrayBuffers > this.arrayBuffersPeak) this.arrayBuffersPeak = usage.arrayBuffers;
  }

  /** RSS now, and its peak so far: the samples' and the kernel's high-water mark since exec. */
  readRss(): RssReading {
    const now = process.memoryUsage.rss();
    if (now > this.rssPeak) this.rssPeak = now;
    return { peak: Math.max(this.rssPeak, ownMaxRss()), now };
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops the timer and returns the peaks seen while running, plus the kernel's high-water mark of RSS for the whole process life. */
  stop(): MemoryPeaks {
    this.stopTimer();
    this.sampleFull();
    return {
      rssPeak: this.rssPeak,
      maxRss: ownMaxRss(),
      heapUsedPeak: this.heapUsedPeak,
      heapTotalPeak: this.heapTotalPeak,
      externalPeak: this.externalPeak,
      arrayBuffersPeak: this.arrayBuffersPeak,
    };
  }
}
