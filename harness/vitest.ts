// `memgate/vitest`: memory matchers for unit tests. Importing this module
// registers them with vitest's `expect` (in a setup file, or at the top of a
// test file) and types them:
//
//   await expect(() => parse(text)).not.toLeak({ ops: 2000 });
//   await expect('src/parse.ts#parseOrder').toAllocateAtMost('2KB');
//   await expect(fn).toTriggerAtMostGcs(0);
//
// Each assertion runs the function in fresh `node --expose-gc` processes
// (README: "Already have benchmarks?").
import { expect } from 'vitest';
import { memgateMatchers } from './matchers/matchers.js';
import type { MatcherRunOptions } from './matchers/measure-fn.js';

expect.extend(memgateMatchers);

export { memgateMatchers };
export type { MatcherRunOptions, MatcherSubject } from './matchers/measure-fn.js';

/** The matchers as `expect(...)` sees them; they are async, so await them. */
export interface MemgateMatchers {
  /** The function leaks (heap, external memory, RSS, file descriptors or handles grow beyond their limits in every process). */
  toLeak(options?: MatcherRunOptions): Promise<void>;
  /** Bytes allocated on the V8 heap per call, median over the processes, are at most `perOp` ("2KB", 2048). */
  toAllocateAtMost(perOp: string | number, options?: MatcherRunOptions): Promise<void>;
  /** Garbage collections during the measured calls, median over the processes, are at most `count`. */
  toTriggerAtMostGcs(count: number, options?: MatcherRunOptions): Promise<void>;
}

declare module 'vitest' {
  // vitest's documented way to type custom matchers; T is unused by these matchers.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<T = any> extends MemgateMatchers {}
}
