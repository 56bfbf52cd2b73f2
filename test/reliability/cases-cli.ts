// Command-line cases: unknown commands and flags, report targets that are
// devices, links, directories or baselines, and soak tags that try to leave
// the state directory.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Case } from './case.js';
import { SERVICE, baseFiles, processText } from './project.js';

const json = ['run', 'steady', '--reporter', 'json'];
/** The pid of each FIFO case's reader, by project. */
const fifoReaders = new Map<string, number>();
const isReport = (text: string): boolean => (JSON.parse(text) as { tool?: string }).tool === 'memgate';

export const CLI_CASES: Case[] = [
  {
    name: 'unknown command',
    category: 'cli',
    behaviour: 'exit 2: unknown command, run memgate --help',
    files: baseFiles(),
    argv: ['frobnicate'],
    code: 2,
    message: /^memgate: unknown command "frobnicate"\. Run "memgate --help" for the list\.$/,
  },
  {
    name: 'no command',
    category: 'cli',
    behaviour: 'exit 2: missing command',
    files: baseFiles(),
    argv: [],
    code: 2,
    message: /^memgate: missing command\. Run "memgate --help"/,
  },
  {
    name: 'unknown reporter',
    category: 'cli',
    behaviour: 'exit 2: lists the reporters',
    files: baseFiles(),
    argv: ['run', '--reporter', 'xml'],
    code: 2,
    message:
      /^memgate: unknown reporter "xml" — expected one of terminal, json, markdown, junit, html, csv, openmetrics$/,
  },
  {
    name: '--repeats 0',
    category: 'cli',
    behaviour: 'exit 2: an integer from 1 to 100',
    files: baseFiles(),
    argv: ['run', '--repeats', '0'],
    code: 2,
    message: /^memgate: --repeats: expected an integer from 1 to 100, found "0" — e\.g\. --repeats 5$/,
  },
  {
    name: '--outfile with only the terminal reporter',
    category: 'cli',
    behaviour: 'exit 2: no reporter to write it; add --reporter json',
    files: baseFiles(),
    argv: ['run', '--outfile', 'r.json'],
    code: 2,
    message: /^memgate: --outfile r\.json: no reporter to write it — add one/,
  },
  {
    name: 'two reporters on stdout',
    category: 'cli',
    behaviour: 'exit 2: give all but one a file',
    files: baseFiles(),
    argv: ['run', '--reporter', 'terminal', '--reporter', 'json'],
    code: 2,
    message: /^memgate: --reporter: 2 reporters \(terminal, json\) would all print to stdout/,
  },
  {
    name: 'filter that matches no workload',
    category: 'cli',
    behaviour: 'exit 2: lists the workloads there are',
    files: baseFiles(),
    argv: ['run', 'zzz'],
    code: 2,
    message: /^memgate: no workload matches "zzz" \(workloads: steady\)/,
  },
  {
    name: '--outfile=- writes to stdout',
    category: 'cli',
    defect: 1,
    behaviour: 'exit 0: "-" is stdout; the JSON report is printed',
    files: baseFiles(),
    argv: [...json, '--outfile=-'],
    code: 0,
    message: /"tool": "memgate"/,
    check: (_dir, result) => void isReport(result.stdout),
  },
  {
    name: '--reporter json:- writes to stdout',
    category: 'cli',
    defect: 1,
    behaviour: 'exit 0: the JSON report is printed, not written to a file named "-"',
    files: baseFiles(),
    argv: ['run', 'steady', '--reporter', 'json:-'],
    code: 0,
    message: /"tool": "memgate"/,
    check(dir, result) {
      isReport(result.stdout);
      if (existsSync(join(dir, '-'))) throw new Error('a file named "-" was written');
    },
  },
  {
    name: '--outfile on a character device (a private /dev/null)',
    category: 'cli',
    defect: 1,
    behaviour: 'exit 0: written into the device; it stays a device',
    files: baseFiles(),
    async skip(dir) {
      try {
        execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3'], { stdio: 'ignore' });
        return undefined;
      } catch {
        return 'mknod is not allowed here (needs root)';
      }
    },
    argv: [...json, '--outfile', 'null'],
    code: 0,
    message: null,
    check(dir) {
      if (!statSync(join(dir, 'null')).isCharacterDevice()) throw new Error('the device was replaced by a file');
    },
  },
  {
    name: '--outfile on a symlink to /dev/stdout',
    category: 'cli',
    defect: 1,
    behaviour: 'exit 0: the report reaches stdout; the link stays a link',
    files: baseFiles(),
    prepare: (dir) => symlink('/dev/stdout', join(dir, 'out-link')),
    argv: [...json, '--outfile', 'out-link'],
    code: 0,
    message: /"tool": "memgate"/,
    check(dir, result) {
      if (!lstatSync(join(dir, 'out-link')).isSymbolicLink()) throw new Error('the link was replaced by a file');
      isReport(result.stdout);
    },
  },
  {
    name: '--outfile on a symlink to a report file',
    category: 'cli',
    defect: 1,
    behaviour: 'exit 0: the target is replaced atomically; the link survives',
    files: baseFiles({ 'reports/real.json': '{}\n' }),
    prepare: (dir) => symlink('reports/real.json', join(dir, 'latest.json')),
    argv: [...json, '--outfile', 'latest.json'],
    code: 0,
    message: null,
    check(dir) {
      if (!lstatSync(join(dir, 'latest.json')).isSymbolicLink()) throw new Error('the link was replaced by a file');
      if (!isReport(readFileSync(join(dir, 'reports/real.json'), 'utf8')))
        throw new Error('the target holds no report');
    },
  },
  {
    name: '--outfile into the baselines directory',
    category: 'cli',
    defect: 1,
    behaviour: 'exit 2 before measuring: refuses to write a report into the baseline directory; baseline untouched',
    files: baseFiles(),
    baseline: true,
    argv: [...json, '--outfile', 'baselines/steady.json'],
    code: 2,
    message:
      /^memgate: --reporter json:baselines\/steady\.json: refusing to write a report there, it is inside the baseline directory/,
  },
  {
    name: '--outfile over a baseline kept elsewhere',
    category: 'cli',
    defect: 1,
    behaviour: 'exit 2: refuses to write over a file that is a baseline',
    files: baseFiles(),
    baseline: true,
    async prepare(dir) {
      await mkdir(join(dir, 'old'));
      await copyFile(join(dir, 'baselines/steady.json'), join(dir, 'old/steady.json'));
    },
    argv: [...json, '--outfile', 'old/steady.json'],
    code: 2,
    message: /^memgate: --reporter json:old\/steady\.json: refusing to write a report there, it is a baseline/,
  },
  {
    name: '--outfile naming a directory',
    category: 'cli',
    behaviour: 'exit 2: it is a directory; name a file inside it',
    files: baseFiles({ 'reports/keep.txt': 'x' }),
    argv: [...json, '--outfile', 'reports'],
    code: 2,
    message: /reports: cannot write the json report \(it is a directory\) — name a file inside it/,
  },
  {
    name: 'soak status with a tag that climbs out of .memgate/soak',
    category: 'cli',
    defect: 9,
    behaviour: 'exit 2: the tag is validated as --tag is; nothing outside .memgate/soak is read',
    files: baseFiles({ 'evil.json': '{"secret": true}\n' }),
    argv: ['soak', 'status', '../../evil'],
    code: 2,
    message: /^memgate: soak status: expected a tag of letters, digits, "\.", "_" or "-" .*got "\.\.\/\.\.\/evil"/,
  },
  {
    name: 'soak status of a soak that never ran',
    category: 'cli',
    behaviour: 'exit 2: no soak "nightly"; how to start one',
    files: baseFiles(),
    argv: ['soak', 'status', 'nightly'],
    code: 2,
    message: /^memgate: no soak "nightly": .* does not exist; start one with "memgate soak <workload> --tag nightly"$/,
  },
  {
    name: 'soak --tag with a slash',
    category: 'cli',
    behaviour: 'exit 2: --tag expects letters, digits, ".", "_" or "-"',
    files: baseFiles({ 'workloads/svc.workload.ts': processText('svc', SERVICE) }),
    argv: ['soak', 'svc', '--tag', 'a/b', '--duration', '2s', '--interval', '1s'],
    code: 2,
    message: /^memgate: --tag: expected letters, digits/,
  },
  {
    name: 'soak --duration that is not a duration',
    category: 'cli',
    behaviour: 'exit 2: names --duration with an example',
    files: baseFiles(),
    argv: ['soak', 'steady', '--duration', 'forever'],
    code: 2,
    message: /^memgate: --duration/,
  },
  {
    name: '--reporter json: with nothing after the colon',
    category: 'cli',
    behaviour: 'exit 2: expected a file after the colon',
    files: baseFiles(),
    argv: ['run', '--reporter', 'json:'],
    code: 2,
    message: /^memgate: --reporter json:: expected a file after the colon/,
  },
  {
    name: 'report written into a FIFO',
    category: 'cli',
    defect: 1,
    behaviour: 'exit 0: written straight into the pipe, which stays a pipe',
    files: baseFiles(),
    async skip(dir) {
      try {
        execFileSync('mkfifo', [join(dir, 'report.fifo')], { stdio: 'ignore' });
        // A reader that keeps what it reads (detached: execFileSync would wait for it and block the worker).
        const reader = spawn('sh', ['-c', `exec cat "${join(dir, 'report.fifo')}" > "${join(dir, 'read.json')}"`], {
          stdio: 'ignore',
          detached: true,
        });
        reader.unref();
        if (reader.pid !== undefined) fifoReaders.set(dir, reader.pid);
        return undefined;
      } catch {
        return 'mkfifo is not available';
      }
    },
    argv: [...json, '--outfile', 'report.fifo'],
    code: 0,
    message: null,
    async check(dir) {
      if (!lstatSync(join(dir, 'report.fifo')).isFIFO()) throw new Error('the FIFO was replaced by a file');
      for (let tries = 0; tries < 50 && !isReportFile(join(dir, 'read.json')); tries++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      if (!isReportFile(join(dir, 'read.json'))) throw new Error('the reader got no report');
    },
    // If memgate never wrote (or replaced the FIFO), the reader would wait forever: end it.
    cleanup: async (dir) => {
      const pid = fifoReaders.get(dir);
      fifoReaders.delete(dir);
      // Never 0 or negative: that would signal the test's own process group.
      if (pid === undefined || pid <= 0) return;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it finished
      }
    },
  },
];

function isReportFile(file: string): boolean {
  try {
    return isReport(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}
