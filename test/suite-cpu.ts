// Opt-in CPU accounting per test file, for the suite's time budget:
// `MEMGATE_TEST_CPU=/tmp/cpu.jsonl npm test`, then
// `node scripts/suite-cpu.mjs /tmp/cpu.jsonl`. Off (nothing recorded) unless
// the variable names a file. The suite is CPU-bound on two cores, so what a
// file costs is its CPU, and most of that is spent in the processes it starts;
// measuring each file alone took one run per file, this takes one full run.
// Per file: the worker's own CPU, and the CPU of the child processes the
// worker reaped while the file ran (with their reaped descendants: a CLI's
// measured children), from /proc/self/stat's cutime and cstime. Test files
// share workers and run one at a time in each, so the deltas are the file's.
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { splitProcStat } from '../harness/sampler/proc-parse.js';

const OUT = process.env['MEMGATE_TEST_CPU'];
/** /proc reports times in USER_HZ, which is 100 on every Linux architecture Node supports. */
const TICK_MS = 10;

/** CPU ms of this process's reaped children (cutime + cstime); 0 off Linux. */
function reapedChildrenMs(): number {
  try {
    const stat = splitProcStat(readFileSync('/proc/self/stat', 'utf8'));
    return stat ? (Number(stat.field(16)) + Number(stat.field(17))) * TICK_MS : 0;
  } catch {
    return 0;
  }
}

function ownMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

if (OUT) {
  let file = '';
  let own = 0;
  let children = 0;
  let startedAt = 0;
  beforeAll(() => {
    file = expect.getState().testPath ?? '';
    own = ownMs();
    children = reapedChildrenMs();
    startedAt = performance.now();
  });
  afterAll(() => {
    const record = {
      file,
      ownMs: Math.round(ownMs() - own),
      childrenMs: reapedChildrenMs() - children,
      wallMs: Math.round(performance.now() - startedAt),
    };
    appendFileSync(OUT, `${JSON.stringify(record)}\n`);
  });
}
