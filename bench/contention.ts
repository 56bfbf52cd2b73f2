// What the contention figures read on each sample workload at rest and with
// CPU hogs alongside, side by side: the measured thread's CPU wait (schedstat,
// what memgate decides on), system-wide PSI stall, CPU/wall, and the share
// of the machine's busy CPU time the hypervisor stole (/proc/stat), and the
// share of it memgate and the repeat's processes used themselves. The
// thresholds in compare/contention.ts come from this table.
//   npx tsx bench/contention.ts [--repeats 3] [--hogs 0,1] [workload...]
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { CONTENTION_THRESHOLDS, isContended, pressureBetween } from '../harness/compare/contention.js';
import { loadConfig } from '../harness/config/load.js';
import { withOps } from '../harness/pipeline/measure.js';
import { runRepeat } from '../harness/runner/repeat.js';
import { readPressure } from '../harness/sampler/pressure.js';
import { loadWorkloads } from '../harness/workload/load.js';
import { needsCalibration, needsNaturalSizing } from '../harness/workload/settings.js';
import { startHogs } from './hog.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values: args, positionals: names } = parseArgs({
  allowPositionals: true,
  options: { repeats: { type: 'string', default: '3' }, hogs: { type: 'string', default: '0,1' } },
});
const config = await loadConfig({ cwd: ROOT });
const workloads = (await loadWorkloads(config)).filter((w) => names.length === 0 || names.includes(w.name));
const percent = (value: number | null | undefined) => (value == null ? '—' : `${(value * 100).toFixed(0)}%`);
const range = (values: readonly (number | null | undefined)[]) => {
  const known = values.filter((v): v is number => v != null);
  return known.length === 0 ? '—' : `${percent(Math.min(...known))}–${percent(Math.max(...known))}`;
};

console.log(
  `| workload | hogs | CPU wait of runnable time (> ${percent(CONTENTION_THRESHOLDS.cpuWait)} = contended) | PSI stall | CPU/wall | steal of busy CPU time (> ${percent(CONTENTION_THRESHOLDS.steal)} = contended) | own share of busy CPU time (≥ ${percent(CONTENTION_THRESHOLDS.ownShare)}: waits are its own; < ${percent(CONTENTION_THRESHOLDS.crowdedOwnShare)} with a wait > ${percent(CONTENTION_THRESHOLDS.crowdedCpuWait)}: contended) | contended |`,
);
console.log('| --- | ---: | --- | --- | --- | --- | --- | ---: |');
for (const hogs of args.hogs.split(',').map(Number)) {
  const stop = startHogs(hogs);
  await sleep(hogs > 0 ? 1000 : 0);
  try {
    for (const workload of workloads) {
      let sized = workload;
      const rows = [];
      for (let repeatIndex = 0; repeatIndex < Number(args.repeats); repeatIndex++) {
        const before = readPressure();
        const run = await runRepeat(sized, config, { repeatIndex });
        rows.push(pressureBetween(before, readPressure(), run.cpuWait));
        if (needsCalibration(sized.settings) || needsNaturalSizing(sized.settings))
          sized = withOps(sized, run.ops, run.naturalPhase?.ops);
      }
      console.log(
        `| ${workload.name} | ${hogs} | ${range(rows.map((r) => r.cpuWait))} | ${range(rows.map((r) => r.stall))} | ${rows
          .map((r) => r.cpuPerWall?.toFixed(2) ?? '—')
          .join(
            ', ',
          )} | ${range(rows.map((r) => r.steal))} | ${range(rows.map((r) => r.ownShare))} | ${rows.filter(isContended).length} of ${rows.length} |`,
      );
    }
  } finally {
    stop();
  }
}
