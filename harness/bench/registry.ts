// The tasks a bench file declares, recorded by the tinybench and vitest shims
// while the file's top level runs (in the parent, to list them; in the
// measured child, to run one). It lives on globalThis under a registered
// symbol so that the generated per-task module (task-module.ts) finds it
// without importing memgate: the child loads nothing but the bench bundle.
// Runs inside measured processes: no zod, no node: imports.

/** What the probe runs for one task: the shape of an in-process workload. */
export interface BenchTaskWorkload {
  readonly name: string;
  readonly setup: () => Promise<unknown>;
  readonly op: () => unknown;
  readonly teardown: () => Promise<void>;
}

export interface BenchTaskEntry {
  /** The task part of the workload name: `<describe> > <bench>` or the tinybench task name. */
  readonly id: string;
  readonly source: 'tinybench' | 'vitest';
  /** vitest: declared with `.only` (itself or an enclosing describe). */
  readonly only: boolean;
  /** Not measured: `.skip`, `.todo`, `skipIf(true)`, `runIf(false)` or no function. */
  readonly skipped: boolean;
  /** The task's function, for the parent's in-memory definition. */
  readonly fn: () => unknown;
  /** Builds the workload the probe measures; called in the child only. */
  readonly toWorkload: (name: string) => BenchTaskWorkload;
}

export interface BenchRegistry {
  readonly entries: BenchTaskEntry[];
  /** Adds an entry; a second task with the same id in one file is an error (it would share a baseline). */
  add(entry: BenchTaskEntry): void;
  /** The entries that are measured: vitest's `.only` narrows its entries, skipped ones drop out. */
  selected(): BenchTaskEntry[];
  /** The one workload for `id` (the generated task module calls this in the child). */
  workloadOf(id: string, name: string): BenchTaskWorkload;
}

export const REGISTRY_KEY = Symbol.for('memgate.bench.registry');

function createRegistry(): BenchRegistry {
  const entries: BenchTaskEntry[] = [];
  return {
    entries,
    add(entry) {
      if (entries.some((known) => known.id === entry.id))
        throw new Error(
          `memgate: two bench tasks are named "${entry.id}" in one file — give them different names (each names a baseline)`,
        );
      entries.push(entry);
    },
    selected() {
      const anyOnly = entries.some((entry) => entry.source === 'vitest' && entry.only && !entry.skipped);
      return entries.filter((entry) => !entry.skipped && !(anyOnly && entry.source === 'vitest' && !entry.only));
    },
    workloadOf(id, name) {
      const entry = entries.find((candidate) => candidate.id === id);
      if (!entry) {
        const known = entries.map((candidate) => JSON.stringify(candidate.id)).join(', ') || 'none';
        throw new Error(
          `memgate: the bench file no longer declares task ${JSON.stringify(id)} (tasks: ${known}); run memgate again so it re-reads the file`,
        );
      }
      return entry.toWorkload(name);
    },
  };
}

/** The registry of the bench file being loaded, created on first use. */
export function benchRegistry(): BenchRegistry {
  const holder = globalThis as { [REGISTRY_KEY]?: BenchRegistry };
  holder[REGISTRY_KEY] ??= createRegistry();
  return holder[REGISTRY_KEY];
}

/** Forgets what earlier bench files registered (the parent loads several in one process). */
export function resetBenchRegistry(): void {
  delete (globalThis as { [REGISTRY_KEY]?: BenchRegistry })[REGISTRY_KEY];
}

/**
 * Runs `before` hooks, then the task's function once per operation, then
 * `after` hooks. `perOp` hooks (tinybench's beforeEach/afterEach) run around
 * every operation; they are chained synchronously when they return no
 * promise, so a sync task stays a sync op and the probe awaits nothing.
 */
export function composeOp(
  call: () => unknown,
  beforeEach: (() => unknown) | undefined,
  afterEach: (() => unknown) | undefined,
): () => unknown {
  if (!beforeEach && !afterEach) return call;
  return () => {
    const before = beforeEach?.();
    if (isThenable(before)) return before.then(() => afterOp(call(), afterEach));
    return afterOp(call(), afterEach);
  };
}

function afterOp(result: unknown, afterEach: (() => unknown) | undefined): unknown {
  if (!afterEach) return result;
  if (isThenable(result)) return result.then(() => afterEach());
  return afterEach();
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
