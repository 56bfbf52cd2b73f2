// The loop with no probe at all that the overhead benches hold memgate's
// against: bench/plain-child.ts (whole children) and bench/probe-parts-child.ts
// (chunks in one process) both run it.

/** What a plain loop needs of a workload. */
export interface PlainWorkload {
  setup?: (ctx: { reportMetric(name: string, value: number): void }) => unknown;
  op: (state: unknown, ctx: { index: number; warmup: boolean }) => unknown;
  teardown?: (state: unknown, ctx: { reportMetric(name: string, value: number): void }) => unknown;
}

/** Runs `count` operations in one loop, awaiting only the ones that return a promise. */
export async function runOps(workload: PlainWorkload, state: unknown, count: number, warmup: boolean): Promise<void> {
  const ctx = { index: 0, warmup };
  for (let index = 0; index < count; index++) {
    ctx.index = index;
    const result = workload.op(state, ctx) as PromiseLike<unknown> | undefined;
    if (result && typeof result.then === 'function') await result;
  }
}
