// Which probe goes into a process workload, and its hooks around the
// measured phase. One language probe at most, chosen from `language` or the
// command: Node (NODE_OPTIONS --import, plus heap snapshots on a signal when
// "what grew" is wanted), Go (GODEBUG=gctrace=1, only for a Go program) or
// Python (sitecustomize on PYTHONPATH: inert for anything that is not
// Python, so it is the default for every other command, a shell script
// starting Python included).
import { join } from 'node:path';
import type { ResolvedConfig } from '../../config/schema.js';
import type { ProcessWorkload } from '../../config/workload-schema.js';
import { cacheDirOf } from '../../fs/bundle.js';
import type { AttachResult } from '../../probe/attach-result.js';
import type { StreamName } from '../supervisor.js';
import { goRuntimeOf, isGoProgram, prepareGoProbe, type GoProbe } from './go-probe.js';
import { heapSnapshotFlags, prepareSnapshotDir, takeHeapSnapshot } from './heap-snapshot-signal.js';
import { isNodeCommand, prepareNodeProbe, resolveAttachScript, type NodeProbe } from './node-probe.js';
import { isPythonCommand, preparePythonProbe, resolvePythonProbeDir } from './python-probe.js';
import type { RuntimeFigures, RuntimeProbe } from './runtime-figures.js';

export interface ProbeRequest {
  readonly repeatIndex: number;
  readonly cwd: string;
  /** Where heap snapshots go when "what grew" is wanted: a diagnosis run, or `probe` in the workload. */
  readonly whatGrewDir: string | null;
}

export interface ProbesCollected {
  readonly attach: AttachResult | null;
  readonly runtime: RuntimeFigures | null;
  readonly heapSnapshots: string[];
  readonly notes: string[];
}

export interface Probes {
  readonly env: Record<string, string>;
  readonly hideLine: (line: string, stream: StreamName) => boolean;
  readonly onLine: (line: string, stream: StreamName) => void;
  /** The measured phase begins (first heap snapshot, tracemalloc's start, gctrace's window). */
  measureStart(pid: number, abort: AbortSignal): Promise<void>;
  /** The measured phase ended, the service still running (last heap snapshot). */
  measureEnd(pid: number, abort: AbortSignal): Promise<void>;
  collect(): ProbesCollected;
}

const NONE: Probes = {
  env: {},
  hideLine: () => false,
  onLine: () => undefined,
  measureStart: () => Promise.resolve(),
  measureEnd: () => Promise.resolve(),
  collect: () => ({ attach: null, runtime: null, heapSnapshots: [], notes: [] }),
};

type Language = NonNullable<ProcessWorkload['language']>;

/** The runtime a command is: `language` when given, else Node or Go by the command, else Python (inert elsewhere). */
export function languageOf(definition: ProcessWorkload, cwd: string): Language {
  if (definition.language) return definition.language;
  // The caller passes the probed process's own keys; a workload of several processes always names a command per process.
  const command = definition.command ?? '';
  if (isNodeCommand(command)) return 'node';
  if (isGoProgram(command, definition.args ?? [], cwd, undefined)) return 'go';
  return 'python';
}

export async function prepareProbes(
  definition: ProcessWorkload,
  config: ResolvedConfig,
  request: ProbeRequest,
): Promise<Probes> {
  const env = definition.env ?? {};
  const inherited = (name: string): string | undefined => env[name] ?? process.env[name];
  const language = languageOf(definition, request.cwd);
  if (language === 'node' && definition.nodeProbe !== false) {
    const script = await resolveAttachScript(cacheDirOf(config));
    const snapshots = definition.probe?.heapSnapshots || request.whatGrewDir !== null;
    const dir = request.whatGrewDir ?? join(cacheDirOf(config), 'heap-snapshots');
    if (snapshots) prepareSnapshotDir(dir);
    const probe = prepareNodeProbe(
      script,
      inherited('NODE_OPTIONS'),
      request.repeatIndex,
      snapshots ? heapSnapshotFlags(dir) : '',
    );
    return snapshots ? nodeWithSnapshots(probe, dir) : nodeOnly(probe);
  }
  if (language === 'go')
    return runtimeProbes(prepareGoProbe(inherited('GODEBUG'), goRuntimeOf(definition.command ?? '', request.cwd)));
  if (language === 'python') {
    const dir = resolvePythonProbeDir(cacheDirOf(config));
    return runtimeProbes(
      preparePythonProbe(dir, {
        basePythonPath: inherited('PYTHONPATH'),
        repeatIndex: request.repeatIndex,
        tracemalloc: definition.probe?.tracemalloc === true || request.whatGrewDir !== null,
        expected: definition.language === 'python' || isPythonCommand(definition.command ?? ''),
      }),
    );
  }
  return NONE;
}

function nodeOnly(probe: NodeProbe): Probes {
  return {
    ...NONE,
    env: probe.env,
    collect: () => {
      const { result, note } = probe.collect();
      return { attach: result, runtime: null, heapSnapshots: [], notes: note ? [note] : [] };
    },
  };
}

function nodeWithSnapshots(probe: NodeProbe, dir: string): Probes {
  const files: string[] = [];
  const notes: string[] = [];
  const take = async (pid: number, abort: AbortSignal, when: string): Promise<void> => {
    const file = await takeHeapSnapshot(pid, dir, abort);
    if (file) files.push(file);
    else notes.push(`heap snapshot at the ${when} of the measured phase: none was written within 120s of SIGUSR2`);
  };
  return {
    ...nodeOnly(probe),
    measureStart: (pid, abort) => take(pid, abort, 'start'),
    measureEnd: (pid, abort) => take(pid, abort, 'end'),
    collect: () => {
      const { result, note } = probe.collect();
      return { attach: result, runtime: null, heapSnapshots: files, notes: [...notes, ...(note ? [note] : [])] };
    },
  };
}

function runtimeProbes(probe: RuntimeProbe | GoProbe): Probes {
  return {
    ...NONE,
    env: probe.env,
    hideLine: (line, stream) => ('hides' in probe ? probe.hides(line, stream) : false),
    onLine: (line, stream) => ('accept' in probe ? probe.accept(line, stream) : undefined),
    measureStart: () => {
      probe.markStart();
      return Promise.resolve();
    },
    collect: () => {
      const { result, note } = probe.collect();
      return { attach: null, runtime: result, heapSnapshots: [], notes: note ? [note] : [] };
    },
  };
}
