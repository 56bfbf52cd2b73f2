// What a bench file gets when it imports `vitest` under memgate: `describe`
// and `bench` that record tasks instead of starting vitest's runner, and the
// hooks vitest runs for benchmarks. Supported: bench / describe / suite with
// .skip, .only, .todo, .skipIf, .runIf (describe also .concurrent,
// .sequential, .shuffle, which mean nothing without vitest's runner),
// beforeAll / afterAll (with a returned cleanup), and bench options
// `setup` / `teardown`. Anything else fails with a message that says so —
// never a silent skip. A bench function runs with the same `this` (a
// tinybench Task) and the same hook calls as under vitest, which builds one
// tinybench Bench per benchmark from its options; memgate does the same with
// its own tinybench.
import { Bench as TinyBench, type BenchOptions, type Fn, type Task } from 'tinybench';
import { benchRegistry, isThenable, type BenchTaskWorkload } from './registry.js';

type Callback = () => unknown;
type Mode = 'run' | 'skip' | 'only' | 'todo';

interface SuiteFrame {
  readonly name: string;
  readonly only: boolean;
  readonly skipped: boolean;
  readonly beforeAll: Callback[];
  readonly afterAll: Callback[];
  readonly parent: SuiteFrame | undefined;
}

const root: SuiteFrame = { name: '', only: false, skipped: false, beforeAll: [], afterAll: [], parent: undefined };
let current: SuiteFrame = root;

function formatName(name: unknown): string {
  if (typeof name === 'string') return name;
  if (typeof name === 'function') return (name as { name?: string }).name || '<anonymous>';
  return String(name);
}

function declareSuite(mode: Mode, name: unknown, ...rest: unknown[]): void {
  const factory = rest.find((arg): arg is Callback => typeof arg === 'function');
  const frame: SuiteFrame = {
    name: formatName(name),
    only: mode === 'only' || current.only,
    skipped: mode === 'skip' || mode === 'todo' || current.skipped,
    beforeAll: [],
    afterAll: [],
    parent: current,
  };
  const outer = current;
  current = frame;
  try {
    const result = factory?.();
    if (isThenable(result))
      throw new Error(
        `memgate: describe(${JSON.stringify(frame.name)}) has an async callback; memgate collects benches synchronously — declare them without await`,
      );
  } finally {
    current = outer;
  }
}

function declareBench(mode: Mode, name: unknown, fn?: unknown, options?: unknown): void {
  const frames = chainOf(current);
  const benchName = formatName(name);
  const id = [...frames.map((frame) => frame.name).filter(Boolean), benchName].join(' > ');
  const callable = typeof fn === 'function' ? (fn as Fn) : undefined;
  benchRegistry().add({
    id,
    source: 'vitest',
    only: mode === 'only' || current.only,
    // A bench without a function is a todo: there is nothing to measure.
    skipped: mode === 'skip' || mode === 'todo' || current.skipped || !callable,
    fn: callable ?? (() => undefined),
    toWorkload: (workloadName) =>
      vitestWorkload(frames, benchName, callable ?? (() => undefined), options ?? {}, workloadName),
  });
}

// Outermost first; the file itself (root) holds top-level beforeAll/afterAll.
function chainOf(frame: SuiteFrame): SuiteFrame[] {
  const chain: SuiteFrame[] = [];
  for (let at: SuiteFrame | undefined = frame; at; at = at.parent) chain.unshift(at);
  return chain;
}

function vitestWorkload(
  frames: readonly SuiteFrame[],
  benchName: string,
  fn: Fn,
  options: BenchOptions,
  name: string,
): BenchTaskWorkload {
  const tiny = new TinyBench(options);
  tiny.add(benchName, fn);
  const task = tiny.getTask(benchName) as Task;
  const cleanups: unknown[] = [];
  return {
    name,
    setup: async () => {
      for (const frame of frames)
        for (const hook of frame.beforeAll) {
          const cleanup = await hook();
          if (typeof cleanup === 'function') cleanups.push(cleanup);
        }
      await tiny.setup(task, 'run');
    },
    op: () => fn.call(task),
    teardown: async () => {
      await tiny.teardown(task, 'run');
      for (const frame of [...frames].reverse()) for (const hook of frame.afterAll) await hook();
      for (const cleanup of cleanups.reverse()) await (cleanup as Callback)();
    },
  };
}

type Declare = (name: unknown, fn?: unknown, options?: unknown) => void;
type Chainable = Declare & { skip: Declare; only: Declare; todo: Declare };
type WithConditions = Chainable & {
  skipIf: (condition: unknown) => Chainable;
  runIf: (condition: unknown) => Chainable;
};

function chainable(declare: (mode: Mode, ...args: unknown[]) => void): WithConditions {
  const make =
    (mode: Mode): Declare =>
    (name, fn, options) =>
      declare(mode, name, fn, options);
  const run = Object.assign(make('run'), { skip: make('skip'), only: make('only'), todo: make('todo') });
  const skip = Object.assign(make('skip'), { skip: make('skip'), only: make('skip'), todo: make('todo') });
  return Object.assign(run, {
    skipIf: (condition: unknown) => (condition ? skip : run),
    runIf: (condition: unknown) => (condition ? run : skip),
  });
}

export const bench = chainable(declareBench);

const describeBase = chainable(declareSuite);
// Without vitest's runner, concurrency and order flags change nothing: every task runs alone, in its own process.
export const describe = Object.assign(describeBase, {
  concurrent: describeBase,
  sequential: describeBase,
  shuffle: describeBase,
  each: (): never => {
    throw unsupportedTable('describe.each');
  },
  for: (): never => {
    throw unsupportedTable('describe.for');
  },
});
export const suite = describe;

export function beforeAll(fn: Callback): void {
  current.beforeAll.push(fn);
}

export function afterAll(fn: Callback): void {
  current.afterAll.push(fn);
}

// vitest never calls beforeEach/afterEach for benchmarks; running them or
// dropping them would both surprise someone, so memgate says so instead.
export function beforeEach(): never {
  throw unsupported('beforeEach');
}

export function afterEach(): never {
  throw unsupported('afterEach');
}

function unsupported(hook: string): Error {
  return new Error(
    `memgate: ${hook}() in a bench file: vitest does not run ${hook} hooks for benchmarks and memgate will not guess — move the work into beforeAll/afterAll or the bench's { setup, teardown } options`,
  );
}

function unsupportedTable(api: string): Error {
  return new Error(
    `memgate: ${api}() in a bench file is not supported — write one describe per case (each bench needs a fixed name: it names a baseline)`,
  );
}
