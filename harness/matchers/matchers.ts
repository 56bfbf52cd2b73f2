// The vitest matchers behind `memgate/vitest`. Every decision comes from a
// counter that does not depend on timing: bytes allocated per operation
// (v8.GCProfiler), the number of garbage collections, and the leak
// classifier, which calls a resource leaking only when it grows beyond its
// limit in every fresh process. jest's --detectLeaks and memlab guess from
// one process and flake; these run the function in several.
import type { MatcherState } from 'vitest';
import { parseBytes } from '../units/parse.js';
import type { LeakFinding } from '../model/report.js';
import { formatValue } from '../units/format.js';
import type { WorkloadResult } from '../pipeline/types.js';
import { describeLeakLines, measuredShape } from './messages.js';
import { measureSubject, type MatcherRunOptions, type MatcherSubject } from './measure-fn.js';

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

type Measured = Extract<WorkloadResult, { ok: true }>;

async function measure(received: unknown, matcher: string, options: MatcherRunOptions | undefined): Promise<Measured> {
  if (typeof received !== 'function' && typeof received !== 'string')
    throw new TypeError(
      `${matcher}: expected a function or a "path/to/file.ts#export" string, received ${received === null ? 'null' : typeof received}`,
    );
  const result = await measureSubject(received as MatcherSubject, options);
  // A crash is neither a pass nor a fail of the claim: it fails the test whatever `.not` says.
  if (!result.ok) throw new Error(crashMessage(matcher, received, result.error.message, result.error.stderr));
  return result;
}

function crashMessage(matcher: string, received: unknown, message: string, stderr: string): string {
  const missing = /: (\S+) is not defined/.exec(message);
  if (typeof received === 'function' && missing)
    return `${matcher}: the function uses "${missing[1]}", which does not exist in the child process: the function runs in a fresh process from its source text, so it cannot use variables or imports of the test file — move it into a module and pass "path/to/file.ts#exportName"`;
  return [`${matcher}: the measured code failed: ${message}`, stderr].filter(Boolean).join('\n');
}

export async function toLeak(
  this: MatcherState,
  received: unknown,
  options?: MatcherRunOptions,
): Promise<MatcherResult> {
  const { measurement } = await measure(received, 'toLeak', options);
  const leaking = measurement.leaks.filter((leak: LeakFinding) => leak.status === 'leaking');
  const hint = this.utils.matcherHint('toLeak', 'fn', 'options', { isNot: this.isNot });
  const shape = measuredShape(measurement);
  return {
    pass: leaking.length > 0,
    message: () =>
      leaking.length > 0
        ? `${hint}\n\nExpected: ${this.utils.printExpected('no leak')}\nReceived: ${this.utils.printReceived(`${leaking.map((leak) => leak.resource).join(', ')} leaking`)} (${shape})\n\n${describeLeakLines(measurement).join('\n')}`
        : `${hint}\n\nExpected: ${this.utils.printExpected('a leak')}\nReceived: ${this.utils.printReceived('no leak')} — no resource grew beyond its limit in every process (${shape})${suspicious(measurement.leaks)}`,
  };
}

function suspicious(leaks: readonly LeakFinding[]): string {
  const found = leaks.filter((leak) => leak.status === 'suspicious').map((leak) => leak.resource);
  return found.length > 0 ? `; suspicious: ${found.join(', ')}` : '';
}

export async function toAllocateAtMost(
  this: MatcherState,
  received: unknown,
  perOp: string | number,
  options?: MatcherRunOptions,
): Promise<MatcherResult> {
  const limit = parseBytes(perOp);
  const { measurement } = await measure(received, 'toAllocateAtMost', options);
  const alloc = measurement.metrics['alloc.perOp'];
  if (!alloc) throw new Error('toAllocateAtMost: the probe measured no alloc.perOp — this is a memgate bug');
  const hint = this.utils.matcherHint('toAllocateAtMost', 'fn', 'perOp', { isNot: this.isNot });
  const show = (bytes: number) => formatValue(bytes, 'bytes/op');
  return {
    pass: alloc.median <= limit,
    message: () =>
      `${hint}\n\nExpected: ${this.isNot ? 'more than' : 'at most'} ${this.utils.printExpected(show(limit))}\nReceived: ${this.utils.printReceived(show(alloc.median))} (median; per process: ${alloc.samples.map(show).join(', ')}; ${measuredShape(measurement)})`,
  };
}

export async function toTriggerAtMostGcs(
  this: MatcherState,
  received: unknown,
  count: number,
  options?: MatcherRunOptions,
): Promise<MatcherResult> {
  if (!Number.isInteger(count) || count < 0)
    throw new TypeError(`toTriggerAtMostGcs: expected a whole number of collections, received ${String(count)}`);
  const { measurement } = await measure(received, 'toTriggerAtMostGcs', options);
  const gcs = measurement.metrics['gc.count'];
  if (!gcs) throw new Error('toTriggerAtMostGcs: the probe measured no gc.count — this is a memgate bug');
  const hint = this.utils.matcherHint('toTriggerAtMostGcs', 'fn', 'count', { isNot: this.isNot });
  return {
    pass: gcs.median <= count,
    message: () =>
      `${hint}\n\nExpected: ${this.isNot ? 'more than' : 'at most'} ${this.utils.printExpected(count)} garbage collections\nReceived: ${this.utils.printReceived(gcs.median)} (median; per process: ${gcs.samples.join(', ')}; memgate's own forced collections excluded; ${measuredShape(measurement)})`,
  };
}

/** For `expect.extend`. */
export const memgateMatchers = { toLeak, toAllocateAtMost, toTriggerAtMostGcs };
