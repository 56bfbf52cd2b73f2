// What a bench file gets when it imports `tinybench` under memgate: the real
// package (the project's own copy, 2.9 or 6 — the alias plugin resolves it
// from the bench file's folder) with `Bench` subclassed so that `add` also
// records the task and the timing loops (`run`, `runSync`, `warmup`, ...) do
// nothing. memgate measures each task in its own process instead; the file
// itself stays unmodified.
import { Bench as RealBench, type Fn, type FnOptions, type Task } from 'tinybench';
import { benchRegistry, composeOp, type BenchTaskWorkload } from './registry.js';

export * from 'tinybench';

type BenchHook = (task?: Task, mode?: 'run' | 'warmup') => unknown;

export class Bench extends RealBench {
  override add(name: string, fn: Fn, options: FnOptions = {}): this {
    super.add(name, fn, options);
    // A named Bench (tinybench 6 `{ name }`) prefixes its tasks, so two benches in one file stay apart.
    const benchName = (this as { name?: unknown }).name;
    const id = typeof benchName === 'string' && benchName !== '' ? `${benchName} > ${name}` : name;
    benchRegistry().add({
      id,
      source: 'tinybench',
      only: false,
      skipped: false,
      fn,
      toWorkload: (workloadName) => tinybenchWorkload(this, name, fn, options, workloadName),
    });
    return this;
  }

  // The timing loops are memgate's job: a file's top-level `await bench.run()` returns at once.
  override run(): Promise<Task[]> {
    return Promise.resolve([]);
  }

  override runSync(): Task[] {
    return [];
  }

  override table(): [] {
    return [];
  }

  /** tinybench 2.9 API. */
  runConcurrently(): Promise<Task[]> {
    return Promise.resolve([]);
  }

  /** tinybench 2.9 API. */
  warmupConcurrently(): Promise<void> {
    return Promise.resolve();
  }
}

// tinybench 2.9's `bench.warmup()` is a method; tinybench 6's `warmup` is a
// boolean option set on the instance, which shadows this for 6 as it should.
Object.defineProperty(Bench.prototype, 'warmup', {
  value: () => Promise.resolve(),
  writable: true,
  configurable: true,
});

// Hooks get the same `this` (the Task) and mode ('run') as under tinybench.
// Bench-level setup/teardown and the task's beforeAll/afterAll run once per
// process, around the warmup and measured operations; beforeEach/afterEach
// run around every operation and are measured with it.
function tinybenchWorkload(
  bench: RealBench,
  taskName: string,
  fn: Fn,
  options: FnOptions,
  name: string,
): BenchTaskWorkload {
  const task = bench.getTask(taskName);
  const benchSetup = (bench as unknown as { setup?: BenchHook }).setup;
  const benchTeardown = (bench as unknown as { teardown?: BenchHook }).teardown;
  const { beforeAll, afterAll, beforeEach, afterEach } = options;
  return {
    name,
    setup: async () => {
      await benchSetup?.(task, 'run');
      await beforeAll?.call(task as Task, 'run');
    },
    op: composeOp(
      () => fn.call(task),
      beforeEach && (() => beforeEach.call(task as Task, 'run')),
      afterEach && (() => afterEach.call(task as Task, 'run')),
    ),
    teardown: async () => {
      await afterAll?.call(task as Task, 'run');
      await benchTeardown?.(task, 'run');
    },
  };
}
