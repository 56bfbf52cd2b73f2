// "Probes off" twin of harness/probe/child-main.ts for bench/overhead.ts: the
// same start message, the same bundle, setup, warmup, a plain loop of the op
// count (the natural phase's twin), then the op loop in the same batches with
// an untimed full GC between them (as the probe settles the heap
// between batches, outside its wall time), but no GC observer, profiler,
// sampler, histogram or checkpoint records. Bundled before it runs, like the
// probe, so neither child has a loader. RSS is read as the probe reads it
// (VmHWM: getrusage's maxRSS keeps the forking parent's pages).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { StartMessage } from '../harness/probe/protocol.js';
import { ownMaxRss } from '../harness/probe/own-max-rss.js';
import { runOps, type PlainWorkload } from './plain-loop.js';

// On-CPU ms of this thread (schedstat's first field), as the probe reads it around its natural phase; NaN off Linux.
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

process.once('message', (message: StartMessage) => void runChild(message));

async function runChild(message: StartMessage): Promise<void> {
  const module = (await import(pathToFileURL(message.workloadModule).href)) as Record<string, PlainWorkload>;
  const workload = module[message.exportName];
  if (!workload) throw new Error(`no export ${message.exportName}`);
  const ctx = { reportMetric: () => undefined };
  const state = await workload.setup?.(ctx);
  await runOps(workload, state, message.settings.warmupOps, true);
  // The natural phase's twin: the same ops in one loop, nothing else.
  const cpuStarted = threadCpuMs();
  const naturalStarted = process.hrtime.bigint();
  await runOps(
    workload,
    state,
    message.settings.naturalOps > 0 ? message.settings.naturalOps : message.settings.ops,
    false,
  );
  const naturalMs = Number(process.hrtime.bigint() - naturalStarted) / 1e6;
  const naturalCpuMs = threadCpuMs() - cpuStarted;
  // The probe's rss.peak ends here too (harness/model/raw-run.ts NaturalPhase.rss); VmHWM, as the probe reads it.
  const naturalRss = ownMaxRss();
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  let wallNs = 0n;
  for (let done = 0; done < message.settings.ops; done += message.settings.batchSize) {
    gc();
    gc();
    const started = process.hrtime.bigint();
    await runOps(workload, state, Math.min(message.settings.batchSize, message.settings.ops - done), false);
    wallNs += process.hrtime.bigint() - started;
  }
  const wallMs = Number(wallNs) / 1e6;
  await workload.teardown?.(state, ctx);
  const maxRss = ownMaxRss();
  process.send?.({ naturalMs, naturalCpuMs, wallMs, naturalRss, maxRss }, undefined, undefined, () => process.exit(0));
}
