// A bounded LRU cache (Map insertion order) under churn: lookups over a key
// space four times its capacity, so it evicts constantly. Once full, its
// memory must plateau: a leak here means eviction broke.
import { defineWorkload } from '../harness/index.js';
import { nextInt, seededRandom } from './seeded.js';

const CAPACITY = 500;
const KEY_SPACE = 2000;
const LOOKUPS_PER_OP = 8;

class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

interface Profile {
  id: number;
  name: string;
  roles: string[];
}

export default defineWorkload({
  name: 'lru-cache',
  description: `LRU of ${CAPACITY} entries, ${LOOKUPS_PER_OP} lookups per op over ${KEY_SPACE} keys (miss -> load and insert)`,
  // Warmup fills the cache (500 of 2000 keys) and lets the JIT finish optimising
  // before measuring: allocation per op changes once the op is optimised.
  warmupOps: 500,
  // ~25 MB allocated per repeat: allocation is measured to about ±0.3 MB per repeat, so ~1%.
  setup: () => ({ cache: new LruCache<number, Profile>(CAPACITY), random: seededRandom(7), lookups: 0, misses: 0 }),
  op: (state, ctx) => {
    // Only measured ops count towards the miss ratio: a time-sized run's op count is the machine's.
    if (!ctx.warmup) state.lookups += LOOKUPS_PER_OP;
    for (let i = 0; i < LOOKUPS_PER_OP; i++) {
      const key = nextInt(state.random, KEY_SPACE);
      if (state.cache.get(key) !== undefined) continue;
      if (!ctx.warmup) state.misses++;
      state.cache.set(key, { id: key, name: `user-${key}`, roles: key % 10 === 0 ? ['admin', 'user'] : ['user'] });
    }
  },
  teardown: (state, ctx) => {
    ctx.reportMetric('missRatio', state.misses / state.lookups);
  },
  customMetrics: {
    missRatio: { unit: 'ratio', direction: 'lower', noise: 'deterministic', description: 'Cache misses per lookup' },
  },
});
