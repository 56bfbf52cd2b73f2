// `run` mode: the project's own memgate CLI measures in the working directory,
// as a child process, so the action and `npm run perf:compare` on a laptop
// run exactly the same code (the version pinned in the project's lockfile).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemgateError } from '../errors.js';
import { pathWithNodeFirst } from './project-node.js';

/** Kept from the CLI's stderr for the failure message; the rest streams to the log. */
const STDERR_TAIL = 8 * 1024;

/** The project's installed memgate, or this repository's own bin when it dogfoods `uses: ./`. */
export function resolveMemgateBin(workingDirectory: string): string {
  const installed = join(workingDirectory, 'node_modules', 'memgate', 'bin', 'memgate.js');
  if (existsSync(installed)) return installed;
  const own = join(workingDirectory, 'bin', 'memgate.js');
  if (existsSync(own) && readPackageName(workingDirectory) === 'memgate') return own;
  throw new MemgateError(
    'USAGE',
    `working-directory ${workingDirectory}: expected memgate installed at node_modules/memgate/bin/memgate.js, found none; add memgate to devDependencies and run "npm ci" before the memgate step. memgate is not on the npm registry yet: install it from git ("npm install --save-dev github:<owner>/memgate#<full-commit-sha>") or from a tarball made with "npm pack" in a memgate checkout (README, "Install")`,
  );
}

function readPackageName(directory: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: unknown }).name as
      string | undefined;
  } catch {
    return undefined;
  }
}

export interface CompareRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
}

export interface CompareOptions {
  /** The project's Node (project-node.ts), not the runner's that runs the action. */
  readonly node: string;
  readonly bin: string;
  readonly workingDirectory: string;
  readonly reportPath: string;
  readonly config: string | undefined;
  /** A/B: `--base <ref>`; null or absent compares with the committed baselines. */
  readonly base?: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The argument list; built as an array and spawned without a shell, nothing is interpolated. */
export function buildCompareArgs(options: Pick<CompareOptions, 'bin' | 'reportPath' | 'config' | 'base'>): string[] {
  const args = [options.bin, 'compare', '--reporter', `json:${options.reportPath}`, '--reporter', 'terminal'];
  if (options.config) args.push('--config', options.config);
  if (options.base) args.push('--base', options.base);
  return args;
}

// The runner hands the action its inputs (the token among them) and runtime
// tokens; the measured project's code gets the environment a `run:` step has.
const PRIVATE_ENV = /^(INPUT_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_)/;

export function childEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== undefined && !PRIVATE_ENV.test(name)),
  );
}

/** Runs `memgate compare`; stdout and stderr stream to the job log, stderr's tail is kept. */
export function runMemgateCompare(options: CompareOptions): Promise<CompareRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(options.node, buildCompareArgs(options), {
      cwd: options.workingDirectory,
      env: { ...childEnv(options.env), PATH: pathWithNodeFirst(options.node, options.env) },
      stdio: ['ignore', 'inherit', 'pipe'],
      shell: false,
    });
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      process.stderr.write(chunk);
      tail = (tail + chunk).slice(-STDERR_TAIL);
    });
    child.on('error', (error) =>
      reject(
        new MemgateError(
          'CHILD_FAILED',
          `memgate compare in ${options.workingDirectory}: could not start ${options.node}: ${error.message}`,
          { cause: error },
        ),
      ),
    );
    child.on('close', (exitCode, signal) => resolvePromise({ exitCode, signal, stderrTail: tail }));
  });
}

/** The CLI's one-line error ("memgate: ..."), else the first line of a crash's stack, else the last line. */
export function lastErrorLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const memgateLine = [...lines].reverse().find((line) => line.startsWith('memgate:'));
  const crashLine = lines.find((line) => /^(\w*Error|Error \[\w+\])\b/.test(line));
  return (memgateLine ?? crashLine ?? lines.at(-1) ?? 'no error output').slice(0, 500);
}
