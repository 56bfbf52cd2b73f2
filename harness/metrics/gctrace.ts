// Pure: Go's GODEBUG=gctrace=1 lines into GC pauses and heap sizes. The
// format, from the Go runtime's own documentation (golang/go
// src/runtime/extern.go, "gctrace"), is one line per collection on stderr:
//   gc # @#s #%: #+#+# ms clock, #+#/#/#+# ms cpu, #->#-># MB, # MB goal, # MB stacks, #MB globals, # P
// "The phases are stop-the-world (STW) sweep termination, concurrent mark
// and scan, and STW mark termination"; "#->#-># MB" is the heap size at GC
// start, at GC end, and the live heap; a line ending in "(forced)" was a
// runtime.GC() call. Go before 1.19 printed no "MB stacks, MB globals"
// fields: both forms parse. Go's MB are MiB (the runtime shifts by 20).
import type { GcPause } from '../model/raw-run.js';

export interface GcTraceCycle {
  readonly number: number;
  /** Seconds since the program started. */
  readonly atSeconds: number;
  /** Wall-clock ms of the three phases; the first and last stop the world. */
  readonly sweepTerminationMs: number;
  readonly concurrentMarkMs: number;
  readonly markTerminationMs: number;
  readonly heapStartBytes: number;
  readonly heapEndBytes: number;
  readonly liveHeapBytes: number;
  readonly goalBytes: number;
  readonly forced: boolean;
}

const MIB = 1024 * 1024;
const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const GCTRACE_LINE = new RegExp(
  String.raw`^gc (\d+) @${NUMBER}s \d+%: ${NUMBER}\+${NUMBER}\+${NUMBER} ms clock, \S+ ms cpu, ` +
    String.raw`(\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (?:\d+ MB stacks, \d+ ?MB globals, )?\d+ P( \(forced\))?\s*$`,
);

/** Quick test for a line that Go's gctrace printed (the parse may still reject a malformed one). */
export function looksLikeGcTrace(line: string): boolean {
  return line.startsWith('gc ') && line.includes(' ms clock, ');
}

/** One gctrace line, or null when the line is anything else. */
export function parseGcTraceLine(line: string): GcTraceCycle | null {
  const match = GCTRACE_LINE.exec(line);
  if (!match) return null;
  const n = (index: number): number => Number(match[index]);
  return {
    number: n(1),
    atSeconds: n(2),
    sweepTerminationMs: n(3),
    concurrentMarkMs: n(4),
    markTerminationMs: n(5),
    heapStartBytes: n(6) * MIB,
    heapEndBytes: n(7) * MIB,
    liveHeapBytes: n(8) * MIB,
    goalBytes: n(9) * MIB,
    forced: match[10] !== undefined,
  };
}

export interface GcTraceSummary {
  /** One pause per collection: the two stop-the-world phases' wall clock, added. Forced ones left out. */
  readonly pauses: GcPause[];
  /** runtime.GC() calls seen and excluded, as memgate's own gc() calls are for Node. */
  readonly forced: number;
  /** Largest heap at the start of a collection (the heap's high-water mark as Go sees it); null without cycles. */
  readonly heapPeakBytes: number | null;
  /** Largest heap goal. */
  readonly goalPeakBytes: number | null;
}

export function summarizeGcTrace(cycles: readonly GcTraceCycle[]): GcTraceSummary {
  const pauses: GcPause[] = [];
  let forced = 0;
  let heapPeak: number | null = null;
  let goalPeak: number | null = null;
  for (const cycle of cycles) {
    heapPeak = Math.max(heapPeak ?? 0, cycle.heapStartBytes);
    goalPeak = Math.max(goalPeak ?? 0, cycle.goalBytes);
    if (cycle.forced) forced++;
    else pauses.push({ kind: 'major', ms: cycle.sweepTerminationMs + cycle.markTerminationMs });
  }
  return { pauses, forced, heapPeakBytes: heapPeak, goalPeakBytes: goalPeak };
}
