// Go's runtime reports its own collections: GODEBUG=gctrace=1 (appended to
// the program's GODEBUG) prints one line per GC on stderr, parsed by
// metrics/gctrace.ts. Enabled only for a Go program, never by guessing from
// output: `language: 'go'` in the workload, `go run …`, or an executable
// that carries Go's build-info marker (every Go binary since 1.13 embeds
// "\xff Go buildinf:" in its .go.buildinfo section). gctrace lines are kept
// out of the stderr tail memgate quotes in errors: they are memgate's, not
// the program's.
import { statSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { looksLikeGcTrace, parseGcTraceLine, summarizeGcTrace, type GcTraceCycle } from '../../metrics/gctrace.js';
import type { StreamName } from '../supervisor.js';
import { hasGoBuildInfo, readGoBuildInfo } from './go-buildinfo.js';
import type { RuntimeFigures, RuntimeProbe } from './runtime-figures.js';

const MAX_CYCLES = 200_000;

/** Is this command a Go program? `language` decides when given. */
export function isGoProgram(
  command: string,
  args: readonly string[],
  cwd: string,
  language: string | undefined,
  path = process.env['PATH'] ?? '',
): boolean {
  if (language !== undefined) return language === 'go';
  if (isGoToolchain(command) && args[0] === 'run') return true;
  const file = resolveExecutable(command, cwd, path);
  return file !== null && hasGoBuildInfo(file);
}

/**
 * "go 1.22.3" for an executable that carries its Go version. Null for `go run`
 * (the toolchain's own version need not be the one it builds with, under
 * GOTOOLCHAIN) and for a version the build info does not hold inline.
 */
export function goRuntimeOf(command: string, cwd: string, path = process.env['PATH'] ?? ''): string | null {
  if (isGoToolchain(command)) return null;
  const file = resolveExecutable(command, cwd, path);
  const version = file === null ? null : (readGoBuildInfo(file)?.version ?? null);
  return version === null ? null : `go ${version.replace(/^go/, '')}`;
}

// The `go` command itself (`go run`), not a program built with it.
function isGoToolchain(command: string): boolean {
  const name = basename(command).toLowerCase();
  return name === 'go' || name === 'go.exe';
}

function resolveExecutable(command: string, cwd: string, path: string): string | null {
  if (command.includes('/') || isAbsolute(command)) return resolve(cwd, command);
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

export interface GoProbe extends RuntimeProbe {
  /** Feed every output line; gctrace lines on stderr are taken. */
  accept(line: string, stream: StreamName): void;
  /** True for the lines to keep out of the program's stderr tail. */
  hides(line: string, stream: StreamName): boolean;
}

/** GODEBUG with gctrace=1 appended (a gctrace the user already set is replaced). */
export function withGcTrace(godebug: string | undefined): string {
  const kept = (godebug ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith('gctrace='));
  return [...kept, 'gctrace=1'].join(',');
}

export function prepareGoProbe(baseGodebug: string | undefined, runtime: string | null = null): GoProbe {
  const cycles: GcTraceCycle[] = [];
  let measuring = false;
  let dropped = 0;
  let unparsed = 0;
  const hides = (line: string, stream: StreamName): boolean => stream === 'stderr' && looksLikeGcTrace(line);
  return {
    env: { GODEBUG: withGcTrace(baseGodebug) },
    hides,
    // Collections of the measured phase only: the lines arrive as they happen, so start-up GCs can be told apart.
    markStart: () => (measuring = true),
    accept(line, stream) {
      if (!hides(line, stream)) return;
      const cycle = parseGcTraceLine(line);
      if (cycle === null) unparsed++;
      else if (!measuring) return;
      else if (cycles.length < MAX_CYCLES) cycles.push(cycle);
      else dropped++;
    },
    collect: () => {
      measuring = false;
      return { result: goFigures(cycles, dropped, unparsed, runtime), note: null };
    },
  };
}

function goFigures(
  cycles: readonly GcTraceCycle[],
  dropped: number,
  unparsed: number,
  runtime: string | null,
): RuntimeFigures {
  const summary = summarizeGcTrace(cycles);
  const notes: string[] = [];
  if (dropped > 0) notes.push(`gctrace: only the first ${MAX_CYCLES} of ${MAX_CYCLES + dropped} collections are kept`);
  if (unparsed > 0)
    notes.push(
      `gctrace: ${unparsed} line(s) starting "gc " were not in the documented gctrace format and were skipped`,
    );
  return {
    gc: { pauses: summary.pauses, forced: summary.forced },
    heapUsedPeak: summary.heapPeakBytes,
    heapTotalPeak: summary.goalPeakBytes,
    growers: null,
    ...(runtime === null ? {} : { runtime }),
    notes,
  };
}
