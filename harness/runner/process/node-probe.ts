// Injecting memgate's probe into a Node process workload: NODE_OPTIONS gets
// `--import=<attach bundle>` and the probe writes its result file at exit.
// The service's own NODE_OPTIONS are kept in front of ours.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AttachResult, ATTACH_IMPORT_ENV, ATTACH_RESULT_ENV } from '../../probe/attach-result.js';
import { resolveHarnessModule } from '../../fs/bundle.js';

/** `node`, `/usr/bin/node`, `node.exe` or this very Node binary. */
export function isNodeCommand(command: string): boolean {
  const name = basename(command).toLowerCase();
  return command === process.execPath || name === 'node' || name === 'node.exe';
}

/** The compiled probe/attach.js when installed, else harness/probe/attach.ts bundled into this cache folder. */
export function resolveAttachScript(cacheDir: string): Promise<string> {
  return resolveHarnessModule(join('probe', 'attach'), cacheDir);
}

export interface NodeProbe {
  /** Variables to add to the child's environment. */
  readonly env: Record<string, string>;
  /** Reads and deletes the result file; null (with a reason) when the process did not write it. */
  collect(): { result: AttachResult | null; note: string | null };
}

export function prepareNodeProbe(
  attachScript: string,
  baseNodeOptions: string | undefined,
  repeatIndex: number,
  extraFlags = '',
): NodeProbe {
  const resultFile = join(
    tmpdir(),
    `memgate-attach-${process.pid}-${repeatIndex}-${Math.random().toString(36).slice(2)}.json`,
  );
  // Extra flags (heap snapshots on a signal) travel in the same fragment, so the probe removes them for children too.
  const fragment = [`--import=${pathToFileURL(attachScript).href}`, extraFlags].filter(Boolean).join(' ');
  const env = {
    NODE_OPTIONS: [baseNodeOptions?.trim(), fragment].filter(Boolean).join(' '),
    [ATTACH_RESULT_ENV]: resultFile,
    [ATTACH_IMPORT_ENV]: fragment,
  };
  return { env, collect: () => collectResult(resultFile) };
}

function collectResult(file: string): { result: AttachResult | null; note: string | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {
      result: null,
      note: 'the injected Node probe wrote no result (the process was killed before it could exit): GC and heap metrics are missing',
    };
  } finally {
    rmSync(file, { force: true });
  }
  const parsed = AttachResult.safeParse(safeJson(text));
  if (parsed.success) return { result: parsed.data, note: null };
  return {
    result: null,
    note: `the injected Node probe wrote an unreadable result (${parsed.error.issues[0]?.message ?? 'invalid'}): GC and heap metrics are missing`,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
