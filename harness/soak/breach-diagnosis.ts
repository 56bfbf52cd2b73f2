// What grew in a soak that breached: the FD targets at the start and at the
// moment the soak stopped (the runner lists /proc/<pid>/fd at both ends of the
// measured phase, and a breach ends it), and, when a probe recorded one, the
// heap diff (Node heap snapshots) or the tracemalloc diff (Python).
import { diagnoseProcessHeap, diagnoseResources } from '../diagnose/index.js';
import type { RawRun } from '../model/raw-run.js';
import type { Diagnosis } from '../model/report.js';

export async function diagnoseBreach(run: RawRun): Promise<Diagnosis> {
  return { ...(await diagnoseProcessHeap(run)), ...diagnoseResources(run) };
}
