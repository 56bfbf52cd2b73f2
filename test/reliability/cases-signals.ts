// Signals, kills in the middle of work, concurrent runs and a full disk.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Case, RunningCase } from './case.js';
import { baseFiles, inProcessText, processText } from './project.js';

// The workload writes this file (in the project) once it runs, so a signal lands mid-measurement.
const MARKER = 'running.marker';

/** An in-process workload that runs for about 20 s and marks its start. */
const slowInProcess = (extra = '') =>
  baseFiles({
    'workloads/slow.workload.ts': inProcessText(
      'slow',
      `ops: 400, setup: () => { writeFileSync('${MARKER}', ''); ${extra} }, op: () => new Promise((done) => setTimeout(done, 50))`,
      `import { writeFileSync } from 'node:fs';\nimport { spawn } from 'node:child_process';\nvoid spawn;`,
    ),
  });

/** A process workload that runs for 30 s and marks its start. */
const slowService = baseFiles({
  'workloads/svc.workload.ts': processText(
    'svc',
    `require('node:fs').writeFileSync('../${MARKER}', ''); process.on('SIGINT', () => process.exit(0)); setInterval(() => {}, 1000); console.log('ready');`,
    "ready: { stdout: '^ready$' }, duration: '30s'",
  ),
});

// Node itself catches SIGINT and SIGTERM from its first instruction (to restore the terminal, then die of
// the signal), so only memgate's own handler can make it exit 130 with a message. Its first lines install
// it; the CLI then takes about a second of CPU to load. The signal goes out once memgate has used 150 ms
// of CPU (/proc/<pid>/stat, clock ticks): past Node's bootstrap, well before the CLI has loaded.
const signalOnceHandled = (signal: 'SIGINT' | 'SIGTERM') => async (running: RunningCase) => {
  for (let tries = 0; tries < 2000 && cpuMs(running.child.pid ?? 0) < 150; tries++) await sleep(5);
  running.child.kill(signal);
};

function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, 100 ticks per second
  } catch {
    return Number.POSITIVE_INFINITY; // gone: nothing left to wait for
  }
}

async function whenMarked(running: RunningCase): Promise<void> {
  for (let tries = 0; !existsSync(join(running.dir, MARKER)); tries++) {
    if (tries > 600 || running.child.exitCode !== null) throw new Error('the workload never started');
    await sleep(50);
  }
}

const signalWhenMarked =
  (signal: NodeJS.Signals, times = 1) =>
  async (running: RunningCase) => {
    await whenMarked(running);
    for (let sent = 0; sent < times; sent++) running.child.kill(signal);
  };

/** Mounts a 1 MiB tmpfs at `dir/sub` and fills it; a skip reason when the machine does not allow it. */
async function fullDisk(dir: string, sub: string, keep?: string): Promise<string | undefined> {
  const mount = join(dir, sub);
  const kept = keep === undefined ? undefined : readFileSync(join(mount, keep));
  try {
    execFileSync('mkdir', ['-p', mount]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    return 'cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)';
  }
  if (keep !== undefined && kept !== undefined) await writeFile(join(mount, keep), kept);
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) await appendFile(join(mount, 'filler'), chunk);
  } catch {
    // full
  }
  return undefined;
}
const unmount = (sub: string) => async (dir: string) => void execFileSync('umount', ['-l', join(dir, sub)]);

const interrupted = /^memgate: SIG(INT|TERM) received, stopping and cleaning up\.\.\.$/;

export const SIGNAL_CASES: Case[] = [
  {
    name: 'SIGINT while memgate is starting',
    category: 'signal',
    defect: 12,
    behaviour:
      'exit 130: "SIGINT received while starting; nothing was run" (or "stopping and cleaning up" once loaded)',
    files: baseFiles(),
    argv: ['run'],
    during: signalOnceHandled('SIGINT'),
    code: 130,
    message: /^memgate: SIGINT received( while starting; nothing was run|, stopping and cleaning up\.\.\.)$/,
  },
  {
    name: 'SIGTERM while memgate is starting',
    category: 'signal',
    defect: 12,
    behaviour: 'exit 130: "SIGTERM received while starting"',
    files: baseFiles(),
    argv: ['run'],
    during: signalOnceHandled('SIGTERM'),
    code: 130,
    message: /^memgate: SIGTERM received( while starting; nothing was run|, stopping and cleaning up\.\.\.)$/,
  },
  {
    name: 'SIGINT during an in-process repeat',
    category: 'signal',
    behaviour: 'exit 130: stops, kills the child tree, says so',
    files: slowInProcess(),
    argv: ['run', 'slow'],
    during: signalWhenMarked('SIGINT'),
    code: 130,
    message: interrupted,
  },
  {
    name: 'SIGTERM during a process workload',
    category: 'signal',
    behaviour: 'exit 130: stops, kills the service, says so',
    files: slowService,
    argv: ['run', 'svc'],
    during: signalWhenMarked('SIGTERM'),
    code: 130,
    message: interrupted,
  },
  {
    name: 'SIGINT twice during a process workload',
    category: 'signal',
    behaviour: 'exit 130 at once; the service still dies with memgate',
    files: slowService,
    argv: ['run', 'svc'],
    during: signalWhenMarked('SIGINT', 2),
    code: 130,
    message: interrupted,
  },
  {
    name: 'kill -9 of memgate during a process workload',
    category: 'signal',
    defect: 4,
    behaviour: 'memgate cannot say anything; its watchdog kills the service within a second',
    files: slowService,
    argv: ['run', 'svc'],
    during: signalWhenMarked('SIGKILL'),
    code: 'SIGKILL',
    message: null,
  },
  {
    name: 'kill -9 of memgate while an in-process workload has a child',
    category: 'signal',
    defect: 4,
    behaviour: 'the workload exits with its IPC channel, the watchdog kills its children',
    files: slowInProcess(`spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });`),
    argv: ['run', 'slow'],
    during: signalWhenMarked('SIGKILL'),
    code: 'SIGKILL',
    message: null,
  },
  {
    name: 'kill -9 of memgate during update',
    category: 'kill mid-write',
    defect: 4,
    behaviour: 'the old baseline is intact (byte-identical), no temp file, no process left',
    files: slowService,
    baseline: true,
    argv: ['update', '--force'],
    during: signalWhenMarked('SIGKILL'),
    code: 'SIGKILL',
    message: null,
  },
  {
    name: 'temp file left in baselines/ by a writer killed mid-write',
    category: 'kill mid-write',
    defect: 10,
    behaviour: 'the next run removes .<name>.json.<pid>.<hex>.tmp files whose writer is dead',
    files: baseFiles(),
    baseline: true,
    prepare: (dir) => leaveTempFile(dir, 'baselines', '.steady.json'),
    argv: ['run', 'steady'],
    code: 0,
    message: /memgate run: pass/,
  },
  {
    name: 'temp file left in .memgate/ by a report writer killed mid-write',
    category: 'kill mid-write',
    defect: 10,
    behaviour: 'removed by the next run',
    files: baseFiles(),
    prepare: (dir) => leaveTempFile(dir, '.memgate', '.report.json'),
    argv: ['run', 'steady'],
    code: 0,
    message: /memgate run: pass/,
  },
  {
    name: 'two updates of one baseline at once',
    category: 'concurrency',
    behaviour: 'both exit 0; the baseline is one whole file from either, no temp file',
    files: baseFiles(),
    baselinesMayChange: true,
    argv: ['update', 'steady', '--force'],
    during: runAlongside(['update', 'steady', '--force'], 0),
    code: 0,
    message: /^memgate: updated 0 baselines, added 1|^memgate: updated 1 baseline/,
    check: (dir) => void JSON.parse(readFileSync(join(dir, 'baselines/steady.json'), 'utf8')),
  },
  {
    name: 'two runs writing one report file at once',
    category: 'concurrency',
    behaviour: 'both exit 0; the report is one whole JSON file',
    files: baseFiles(),
    argv: ['run', 'steady', '--reporter', 'json:out/report.json'],
    during: runAlongside(['run', 'steady', '--reporter', 'json:out/report.json'], 0),
    code: 0,
    message: null,
    check: (dir) => void JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')),
  },
  {
    name: 'two runs bundling the same workload at once',
    category: 'concurrency',
    behaviour: 'both exit 0; the shared bundle cache is written atomically',
    files: baseFiles(),
    argv: ['run', 'steady'],
    during: runAlongside(['run', 'steady', '--reporter', 'json:r.json'], 0),
    code: 0,
    message: /memgate run: pass/,
  },
  {
    name: 'update on a full disk',
    category: 'full disk',
    defect: 11,
    behaviour:
      'exit 2: "not recorded ... the disk is full (ENOSPC)", not a permissions hint, then the summary; the old baseline is intact',
    files: baseFiles(),
    baseline: true,
    skip: (dir) => fullDisk(dir, 'baselines', 'steady.json'),
    cleanup: unmount('baselines'),
    argv: ['update', 'steady', '--force'],
    code: 2,
    message:
      /^steady: not recorded: baselines\/steady\.json: cannot write the baseline \(ENOSPC.*\); the disk is full \(ENOSPC\): free space on it or write somewhere else$/,
    check(_dir, result) {
      // The update still ends with its summary (it used to stop at the failed write).
      if (!/^memgate: updated 0 baselines, added 0, unchanged 0, failed 1$/m.test(result.stdout))
        throw new Error(`no summary:\n${result.stdout}`);
    },
  },
  {
    name: 'report on a full disk',
    category: 'full disk',
    behaviour: 'exit 2: names the report file and ENOSPC',
    files: baseFiles(),
    skip: (dir) => fullDisk(dir, 'reports'),
    cleanup: unmount('reports'),
    argv: ['run', 'steady', '--reporter', 'json:reports/r.json'],
    code: 2,
    message: /reports\/r\.json: cannot write the json report \(ENOSPC.*\) — the disk is full \(ENOSPC\)/,
  },
  {
    name: 'bundle cache on a full disk',
    category: 'full disk',
    behaviour: 'exit 2: names the cache file and ENOSPC',
    files: baseFiles(),
    skip: (dir) => fullDisk(dir, '.memgate'),
    cleanup: unmount('.memgate'),
    argv: ['run', 'steady'],
    code: 2,
    message: /cannot write the bundle cache \(ENOSPC.*\); the disk is full \(ENOSPC\)/,
  },
];

/** Runs a second memgate beside the case's own and checks its exit code. */
function runAlongside(argv: readonly string[], code: number) {
  return async (running: RunningCase): Promise<void> => {
    const other = await running.runAgain(argv);
    if (other.code !== code) throw new Error(`the second run exited ${other.code}:\n${other.stderr}${other.stdout}`);
  };
}

/** A temp file named as writeFileAtomic names them, owned by a process that was SIGKILLed. */
async function leaveTempFile(dir: string, sub: string, base: string): Promise<void> {
  const writer = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const pid = writer.pid ?? 0;
  await writeFile(join(dir, sub, `${base}.${pid}.0123abcd.tmp`), '{"half": ').catch(async () => {
    execFileSync('mkdir', ['-p', join(dir, sub)]);
    await writeFile(join(dir, sub, `${base}.${pid}.0123abcd.tmp`), '{"half": ');
  });
  const gone = new Promise((resolve) => writer.on('exit', resolve));
  writer.kill('SIGKILL');
  await gone;
}
