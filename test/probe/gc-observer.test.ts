import { constants } from 'node:perf_hooks';
import { describe, expect, test } from 'vitest';
import { GcObserver, GcTally, gcKindOf, isForcedFlags } from '../../harness/probe/gc-observer.js';
import { resolveGc } from '../../harness/probe/settle.js';

const FORCED = constants.NODE_PERFORMANCE_GC_FLAGS_FORCED;

function entry(startTime: number, duration: number, kind: number, flags = 0) {
  return { startTime, duration, detail: { kind, flags } };
}

describe('gcKindOf', () => {
  test('maps the perf_hooks kinds', () => {
    expect(gcKindOf(constants.NODE_PERFORMANCE_GC_MINOR)).toBe('minor');
    expect(gcKindOf(2)).toBe('minor');
    expect(gcKindOf(constants.NODE_PERFORMANCE_GC_MAJOR)).toBe('major');
    expect(gcKindOf(constants.NODE_PERFORMANCE_GC_INCREMENTAL)).toBe('incremental');
    expect(gcKindOf(constants.NODE_PERFORMANCE_GC_WEAKCB)).toBe('weakcb');
    expect(gcKindOf(64)).toBe('major');
  });

  test('reads the forced flag among others', () => {
    expect(isForcedFlags(FORCED)).toBe(true);
    expect(isForcedFlags(FORCED | constants.NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE)).toBe(true);
    expect(isForcedFlags(constants.NODE_PERFORMANCE_GC_FLAGS_NO)).toBe(false);
  });
});

describe('GcTally', () => {
  test('excludes forced collections and those inside forced windows', () => {
    const tally = new GcTally();
    tally.beginForced(100);
    tally.endForced(200);
    tally.beginForced(300);
    // nested: only the outer window counts
    tally.beginForced(310);
    tally.endForced(320);
    tally.endForced(400);
    tally.record(entry(50, 1.5, constants.NODE_PERFORMANCE_GC_MINOR));
    tally.record(entry(100, 9, constants.NODE_PERFORMANCE_GC_MAJOR));
    tally.record(entry(150, 2, constants.NODE_PERFORMANCE_GC_MINOR));
    tally.record(entry(250, 4, constants.NODE_PERFORMANCE_GC_MAJOR, FORCED));
    tally.record(entry(250, 0.5, constants.NODE_PERFORMANCE_GC_INCREMENTAL));
    tally.record(entry(330, 3, constants.NODE_PERFORMANCE_GC_MINOR));
    tally.record(entry(401, 7, constants.NODE_PERFORMANCE_GC_WEAKCB));
    expect(tally.summary()).toEqual({
      pauses: [
        { kind: 'minor', ms: 1.5 },
        { kind: 'incremental', ms: 0.5 },
        { kind: 'weakcb', ms: 7 },
      ],
      forced: 4,
    });
  });

  test('an open window covers everything after its start', () => {
    const tally = new GcTally();
    tally.beginForced(10);
    tally.record(entry(5, 1, constants.NODE_PERFORMANCE_GC_MINOR));
    tally.record(entry(1e9, 1, constants.NODE_PERFORMANCE_GC_MINOR));
    expect(tally.summary()).toEqual({ pauses: [{ kind: 'minor', ms: 1 }], forced: 1 });
    expect(tally.isInForcedWindow(9.99)).toBe(false);
  });

  test('an unbalanced endForced is ignored', () => {
    const tally = new GcTally();
    tally.endForced(5);
    tally.record(entry(6, 1, constants.NODE_PERFORMANCE_GC_MINOR));
    expect(tally.summary().pauses).toHaveLength(1);
  });
});

describe('GcObserver', () => {
  test('sees real scavenges and excludes the gc() calls made in a forced window', async () => {
    const gc = resolveGc();
    const observer = new GcObserver();
    observer.start();
    observer.beginForced();
    gc();
    gc();
    observer.endForced();
    // ~40 MB of short-lived objects: far more than the young generation holds, so V8 must scavenge.
    let keep: unknown = null;
    for (let i = 0; i < 400_000; i++) keep = { i, text: `item ${i}`, list: [i, i + 1, i + 2] };
    const summary = await observer.stop();
    expect(keep).not.toBeNull();
    expect(summary.forced).toBeGreaterThanOrEqual(2);
    expect(summary.pauses.filter((pause) => pause.kind === 'minor').length).toBeGreaterThan(0);
    expect(summary.pauses.every((pause) => pause.ms >= 0)).toBe(true);
  });
});
