// A seeded pseudo-random generator (mulberry32) for the sample workloads:
// the same data on every run, so their baselines do not drift with chance.

/** Returns a function yielding numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, max). */
export function nextInt(random: () => number, max: number): number {
  return Math.floor(random() * max);
}
