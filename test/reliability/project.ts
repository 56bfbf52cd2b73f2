// Temporary memgate projects for the failure corpus: a config, tiny
// workloads (ops 50, one repeat) and, when a case needs one, a real baseline
// recorded once by `memgate update` and copied in.
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HARNESS_INDEX = fileURLToPath(new URL('../../harness/index.js', import.meta.url));
// MEMGATE_CORPUS_BIN runs the corpus against another build (e.g. an older checkout, to see which cases it fails).
export const BIN = process.env['MEMGATE_CORPUS_BIN'] ?? fileURLToPath(new URL('../../bin/memgate.js', import.meta.url));
const IMPORT = `import { defineConfig, defineWorkload } from ${JSON.stringify(HARNESS_INDEX)};\n`;

/** Config text: tiny defaults so a case measures in about a second. */
export function configText(extra = ''): string {
  return `${IMPORT}export default defineConfig({ workloads: 'workloads/*.workload.ts', repeats: 1, timeout: '20s', defaults: { warmupOps: 5, ops: 50, checkpoints: 5 }${extra ? `, ${extra}` : ''} });\n`;
}

/** An in-process workload; `fields` is object-literal text added to the definition (it may replace `op`). */
export function inProcessText(name: string, fields = '', top = ''): string {
  const op = /(^|, )op:/.test(fields) ? '' : ', op: () => JSON.stringify({ a: [1, 2, 3] })';
  return `${IMPORT}${top}\nexport default defineWorkload({ name: ${JSON.stringify(name)}${op}${fields ? `, ${fields}` : ''} });\n`;
}

/** A process workload running `node -e <script>`; by default ready once it prints "ready". */
export function processText(name: string, script: string, fields = "ready: { stdout: '^ready$' }"): string {
  const extra = fields ? `, ${fields}` : '';
  return `${IMPORT}export default defineWorkload({ name: ${JSON.stringify(name)}, command: process.execPath, args: ['-e', ${JSON.stringify(script)}], duration: '300ms', sampleInterval: '50ms'${extra} });\n`;
}

/** A service that handles SIGINT, then says it is ready (the handler is in place before memgate can signal). */
export const SERVICE =
  "process.on('SIGINT', () => process.exit(0)); setInterval(() => {}, 1000); console.log('ready');";

/** The project every case starts from: the config and the in-process workload "steady". */
export function baseFiles(extra: Files = {}, config = configText()): Files {
  return { 'memgate.config.ts': config, 'workloads/steady.workload.ts': inProcessText('steady'), ...extra };
}

export type Files = Record<string, string>;

/** A fresh project holding `files` (paths relative to the project). */
export async function makeProject(files: Files): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'memgate-corpus-'));
  await writeFiles(dir, files);
  return dir;
}

export async function writeFiles(dir: string, files: Files): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/** Copies the seed project's recorded baselines into `dir`. */
export async function copyBaselines(seed: string, dir: string): Promise<void> {
  await cp(join(seed, 'baselines'), join(dir, 'baselines'), { recursive: true });
}
