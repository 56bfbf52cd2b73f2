// Go's gctrace lines, parsed. The recorded lines are real output:
//  - Go 1.22 (with "MB stacks, MB globals"): OPA started with GODEBUG=gctrace=1, from Philip
//    Conrad's "Aggregating gctraces with Awk" (2024), lines "gc 1 @0.019s" and "gc 12 @3.252s";
//  - Go 1.9 (no stacks/globals fields): "gc 84 @1385.961s" from a write-up of gctrace in Go v1.9.2;
//  - "(forced)": "gc 9430 @100.008s" from a Go gc-log write-up (runtime.GC() calls).
// The format is documented in golang/go src/runtime/extern.go ("gctrace").
import { describe, expect, it } from 'vitest';
import { looksLikeGcTrace, parseGcTraceLine, summarizeGcTrace } from '../../harness/metrics/gctrace.js';

const MIB = 1024 * 1024;
const GO_122_FIRST =
  'gc 1 @0.019s 2%: 0.14+1.3+0.045 ms clock, 1.1+0.50/1.9/1.4+0.36 ms cpu, 3->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 8 P';
const GO_122_LAST =
  'gc 12 @3.252s 0%: 0.028+504+0.011 ms clock, 0.22+0/252/0.87+0.090 ms cpu, 3585->3585->2561 MB, 3585 MB goal, 0 MB stacks, 0 MB globals, 8 P';
const GO_19 =
  'gc 84 @1385.961s 2%: 0.20+4138+0.29 ms clock, 6.4+33879/40532/68952+9.3 ms cpu, 14799->15033->7927 MB, 15626 MB goal, 40 P';
const FORCED =
  'gc 9430 @100.008s 3%: 0.079+0.85+0.013 ms clock, 1.2+0/1.7/3.0+0.21 ms cpu, 1->1->1 MB, 2 MB goal, 16 P (forced)';

describe('parseGcTraceLine', () => {
  it('reads the phases, heap sizes and goal of a Go 1.22 line', () => {
    expect(parseGcTraceLine(GO_122_FIRST)).toEqual({
      number: 1,
      atSeconds: 0.019,
      sweepTerminationMs: 0.14,
      concurrentMarkMs: 1.3,
      markTerminationMs: 0.045,
      heapStartBytes: 3 * MIB,
      heapEndBytes: 4 * MIB,
      liveHeapBytes: 1 * MIB,
      goalBytes: 4 * MIB,
      forced: false,
    });
  });

  it('reads the older format without stacks and globals, and a forced collection', () => {
    expect(parseGcTraceLine(GO_19)).toMatchObject({
      number: 84,
      sweepTerminationMs: 0.2,
      concurrentMarkMs: 4138,
      markTerminationMs: 0.29,
      heapStartBytes: 14799 * MIB,
      liveHeapBytes: 7927 * MIB,
      goalBytes: 15626 * MIB,
      forced: false,
    });
    expect(parseGcTraceLine(FORCED)).toMatchObject({ number: 9430, forced: true, markTerminationMs: 0.013 });
  });

  it('rejects lines that are not gctrace output', () => {
    for (const line of [
      'scvg9: inuse: 11264, idle: 5904, sys: 17168, released: 0, consumed: 17168 (MB)',
      'gc 1 finished, all good',
      'gc 1 @0.019s 2%: 0.14+1.3+0.045 ms clock',
      '{"level":"info","msg":"Initializing server."}',
    ])
      expect(parseGcTraceLine(line), line).toBeNull();
    expect(looksLikeGcTrace('gc 1 finished, all good')).toBe(false);
    expect(looksLikeGcTrace(GO_19)).toBe(true);
  });
});

describe('summarizeGcTrace', () => {
  it('makes one pause per collection from the two stop-the-world phases and leaves forced ones out', () => {
    const cycles = [GO_122_FIRST, GO_122_LAST, FORCED].map((line) => parseGcTraceLine(line)!);
    const summary = summarizeGcTrace(cycles);
    expect(summary.pauses).toHaveLength(2);
    expect(summary.pauses.every((pause) => pause.kind === 'major')).toBe(true);
    // The concurrent mark (504 ms) does not stop the program: only 0.028 + 0.011 ms did.
    expect(summary.pauses[0]?.ms).toBeCloseTo(0.185, 9);
    expect(summary.pauses[1]?.ms).toBeCloseTo(0.039, 9);
    expect(summary.forced).toBe(1);
    expect(summary.heapPeakBytes).toBe(3585 * MIB);
    expect(summary.goalPeakBytes).toBe(3585 * MIB);
  });

  it('has no heap figures without collections', () => {
    expect(summarizeGcTrace([])).toEqual({ pauses: [], forced: 0, heapPeakBytes: null, goalPeakBytes: null });
  });
});
