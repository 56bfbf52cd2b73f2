// Injecting memgate's Python probe (probe/python/sitecustomize.py) into a
// process workload: its folder goes first on PYTHONPATH (the user's
// PYTHONPATH kept after it), and the probe chains to whatever sitecustomize
// would have loaded without it. The folder holds nothing but that file, so
// for a program that is not Python the variable is inert. The probe writes
// a JSON result file at exit; this side validates and converts it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PY_MARK_ENV, PY_RESULT_ENV, PY_TRACEMALLOC_ENV, PythonProbeResult } from '../../probe/python-result.js';
import type { GcPause } from '../../model/raw-run.js';
import type { RuntimeFigures, RuntimeProbe } from './runtime-figures.js';

// Same relative place in harness/ and in dist/lib/ (scripts/build.mjs copies the .py file).
const PROBE_SOURCE = fileURLToPath(new URL('../../probe/python/sitecustomize.py', import.meta.url));

/** `python`, `python3`, `python3.11`, `/usr/bin/python3`, `python.exe`. */
export function isPythonCommand(command: string): boolean {
  return /^python(\d+(\.\d+)?)?(\.exe)?$/i.test(basename(command));
}

/**
 * Copies the probe into `<cache>/python-probe/` and returns that folder: the
 * interpreter writes its __pycache__ there, not into memgate's install.
 */
export function resolvePythonProbeDir(cacheDir: string): string {
  const dir = join(cacheDir, 'python-probe');
  const target = join(dir, 'sitecustomize.py');
  const source = readFileSync(PROBE_SOURCE, 'utf8');
  if (!existsSync(target) || readFileSync(target, 'utf8') !== source) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(target, source);
  }
  return dir;
}

export interface PythonProbeOptions {
  /** The PYTHONPATH the program would have had. */
  readonly basePythonPath: string | undefined;
  readonly repeatIndex: number;
  /** Trace allocations and report the top growing lines (slows the program: diagnosis only). */
  readonly tracemalloc: boolean;
  /** Say so when no result arrives (the command is Python); otherwise silence means "not Python". */
  readonly expected: boolean;
}

export function preparePythonProbe(probeDir: string, options: PythonProbeOptions): RuntimeProbe {
  const stem = join(
    tmpdir(),
    `memgate-py-${process.pid}-${options.repeatIndex}-${Math.random().toString(36).slice(2)}`,
  );
  const resultFile = `${stem}.json`;
  const markFile = `${stem}.mark`;
  const env: Record<string, string> = {
    PYTHONPATH: [probeDir, options.basePythonPath].filter(Boolean).join(delimiter),
    [PY_RESULT_ENV]: resultFile,
  };
  if (options.tracemalloc) {
    env[PY_TRACEMALLOC_ENV] = '1';
    env[PY_MARK_ENV] = markFile;
  }
  return {
    env,
    markStart: () => {
      if (options.tracemalloc) writeFileSync(markFile, '');
    },
    collect: () => {
      rmSync(markFile, { force: true });
      return collectResult(resultFile, options.expected);
    },
  };
}

function collectResult(file: string, expected: boolean): { result: RuntimeFigures | null; note: string | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    const note = expected
      ? 'the injected Python probe wrote no result (the process was killed, or left through os._exit): GC metrics are missing'
      : null;
    return { result: null, note };
  } finally {
    rmSync(file, { force: true });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = PythonProbeResult.safeParse(json);
  if (!parsed.success)
    return {
      result: null,
      note: `the injected Python probe wrote an unreadable result (${parsed.error.issues[0]?.message ?? 'invalid'}): GC metrics are missing`,
    };
  return { result: pythonFigures(parsed.data), note: null };
}

/** Pure: the probe's file as RuntimeFigures. Generations 0 and 1 count as minor collections, 2 as major. */
export function pythonFigures(result: PythonProbeResult): RuntimeFigures {
  const pauses: GcPause[] = result.gc.ms.map((ms, index) => {
    const generation = result.gc.generations[index] ?? 0;
    return { kind: generation === 2 ? 'major' : 'minor', ms, generation };
  });
  const growers =
    result.tracemalloc?.map((entry) => ({
      name: `${entry.file}:${entry.line}`,
      countDelta: entry.countDiff,
      sizeDelta: entry.sizeDiff,
    })) ?? null;
  return {
    gc: { pauses, forced: 0 },
    heapUsedPeak: null,
    heapTotalPeak: null,
    growers,
    runtime: `python ${result.python}`,
    notes: result.notes,
  };
}
