// The workload bench/sensitivity.ts injects regressions into. `inject.json`
// in the project directory (the child's cwd) says what to inject:
//   allocScale   multiplies the bytes allocated per op (1 = baseline)
//   rssBytes     extra resident memory held for the whole run (a touched Buffer)
//   leakEvery    retain an 8-element array every N ops: ~121 bytes of heap each
//                (measured on Node 20 x64, slot in the holding array included),
//                so 120 -> ~1 B/op and 600 -> ~0.2 B/op
//   fdEvery      open /dev/null every N ops and never close it
//   spinScale    multiplies the CPU work per op (integer arithmetic, no
//                allocation): a latency regression of that factor
//   survivorScale multiplies how many recent arrays stay alive across
//                scavenges (384 by default, ~3 MB: pauses of about 1 ms, so a
//                doubling clears the 1 ms floor of gc.pause.*): scavenges copy
//                that many more bytes, a GC-pause regression
import { openSync, readFileSync } from 'node:fs';

interface Inject {
  allocScale?: number;
  rssBytes?: number;
  leakEvery?: number;
  fdEvery?: number;
  spinScale?: number;
  survivorScale?: number;
}

interface State {
  readonly length: number;
  readonly inject: Inject;
  readonly held: Buffer | null;
  readonly leaked: number[][];
}

const BASE_LENGTH = 1000;
const BASE_SPIN = 4000;
const BASE_SURVIVORS = 384;
let sink: number[] = [];
const survivors: number[][] = [];
let spun = 0;

function readInject(): Inject {
  try {
    return JSON.parse(readFileSync('inject.json', 'utf8')) as Inject;
  } catch {
    return {};
  }
}

export default {
  name: 'sensitivity',
  warmupOps: 1000,
  // Enough ops that ~1 B/op adds up to ~20 KB of retained heap per repeat.
  ops: 40000,
  setup(): State {
    const inject = readInject();
    const held = inject.rssBytes ? Buffer.alloc(Math.round(inject.rssBytes), 1) : null;
    return { length: Math.round(BASE_LENGTH * (inject.allocScale ?? 1)), inject, held, leaked: [] };
  },
  op(state: State, ctx: { index: number; warmup: boolean }) {
    sink = new Array<number>(state.length).fill(ctx.index);
    let x = ctx.index;
    for (let i = 0, n = BASE_SPIN * (state.inject.spinScale ?? 1); i < n; i++) x = (Math.imul(x, 31) + i) | 0;
    spun ^= x;
    survivors[ctx.index % Math.round(BASE_SURVIVORS * (state.inject.survivorScale ?? 1))] = sink;
    if (ctx.warmup) return;
    if (state.inject.leakEvery && ctx.index % state.inject.leakEvery === 0)
      state.leaked.push(new Array<number>(8).fill(ctx.index));
    if (state.inject.fdEvery && ctx.index % state.inject.fdEvery === 0) openSync('/dev/null', 'r');
  },
  teardown(state: State) {
    sink = [];
    survivors.length = 0;
    return (state.held?.length ?? 0) + (spun & 1);
  },
};
