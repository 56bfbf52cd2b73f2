// Which Node runs the project's memgate. The action itself runs on the
// runner's own Node (node24, from action.yml), but the measurements must come
// from the Node the project uses — the one actions/setup-node put first on
// PATH — or every pull request is compared across Node majors with baselines
// recorded by `memgate update` on the project's Node.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { MemgateError } from '../errors.js';

const run = promisify(execFile);

type Env = Readonly<Record<string, string | undefined>>;

export interface ProjectNode {
  /** Absolute path of the executable. */
  readonly path: string;
  /** `node --version`, e.g. "v20.20.0". */
  readonly version: string;
}

/**
 * The `node` input: a path (relative to the working directory) or a command
 * name looked up on PATH like a shell would; default `node` from PATH.
 */
export function findProjectNode(input: string | undefined, env: Env, workingDirectory: string): string {
  const wanted = input ?? 'node';
  if (wanted.includes('/') || isAbsolute(wanted)) {
    const path = resolve(workingDirectory, wanted);
    if (isExecutable(path)) return path;
    throw new MemgateError(
      'USAGE',
      `action input "node": expected an executable Node at ${path}, found none; fix the path or leave "node" empty to use node from PATH`,
    );
  }
  for (const directory of (env['PATH'] ?? '').split(delimiter)) {
    if (!directory) continue;
    const candidate = resolve(directory, wanted);
    if (isExecutable(candidate)) return candidate;
  }
  throw new MemgateError(
    'USAGE',
    `action input "node": expected "${wanted}" on PATH, found none; add actions/setup-node before the memgate step (with the Node version your baselines were recorded on), or set "node" to a path`,
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Asks the executable for its version; a Node that cannot answer cannot measure either. */
export async function readNodeVersion(path: string, env: Env): Promise<ProjectNode> {
  try {
    const { stdout } = await run(path, ['--version'], { env: { PATH: env['PATH'] ?? '' }, timeout: 30_000 });
    const version = stdout.trim();
    if (/^v\d+\.\d+\.\d+/.test(version)) return { path, version };
    throw new Error(`printed ${JSON.stringify(version.slice(0, 80))}`);
  } catch (error) {
    throw new MemgateError(
      'CHILD_FAILED',
      `${path} --version: expected a Node version such as v20.20.0, ${(error as Error).message}; check the "node" input and actions/setup-node`,
      { cause: error },
    );
  }
}

/** The directory holding the executable, so the CLI's own children find the same Node first on PATH. */
export function pathWithNodeFirst(nodePath: string, env: Env): string {
  const directory = join(nodePath, '..');
  const rest = (env['PATH'] ?? '').split(delimiter).filter((entry) => entry && resolve(entry) !== directory);
  return [directory, ...rest].join(delimiter);
}
