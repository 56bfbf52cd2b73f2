// The machine's speed, read by timing a fixed piece of work: memgate's speed
// canary. A shared runner can slow down as a whole without any of memgate's
// own processes waiting for a CPU (the host gives the virtual CPU's core to
// a neighbour VM, or lowers its clock): in one 30-run A/A round the unchanged
// lru-cache sample ran 43% slower, its GC time doubled, and neither its
// thread's CPU wait nor PSI saw anything. Wall-clock figures measured then
// are not comparable with the baseline's, whatever the code did, so memgate
// times this canary around each repeat and holds it against the canary
// recorded with the baseline (compare/contention.ts).
//
// The work is an integer loop that allocates nothing, touches no memory and
// depends on no workload, timed a few times with the fastest kept (a
// preemption or an interrupt only ever makes a round slower). It reads the
// same within ±7% from process to process on one machine, and a CPU hog on
// the other core does not slow it (docs/shared-runners.md): it tells a
// slower machine from a busy one, which the CPU-wait check covers. A walk
// through a table larger than the L2 cache was tried too, for the memory
// side: its time varied 5× between processes (0.26–1.4 ms, with the pages
// the table happened to get), so it could not be held against a baseline.

/** Loop iterations per round: ~1 ms on a 2024 server core. */
const ITERATIONS = 400_000;
/** Rounds per reading; the fastest counts. */
const ROUNDS = 3;
/** Rounds run before the first reading, so the loop is optimized when it counts. */
const WARMUP_ROUNDS = 5;

function spin(iterations: number): number {
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
}

// Results land in a module variable, so the optimizing compiler cannot drop the loop.
let _sink = 0;
let warmed = false;

/** Milliseconds the canary loop took (fastest of a few rounds): higher is slower. */
export function readSpeedCanary(): number {
  if (!warmed) {
    for (let i = 0; i < WARMUP_ROUNDS; i++) _sink ^= spin(ITERATIONS);
    warmed = true;
  }
  let best = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    _sink ^= spin(ITERATIONS);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
