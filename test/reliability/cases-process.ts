// Process workload cases: commands that cannot start, never get ready, die,
// hang on shutdown or leave processes behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from './case.js';
import { SERVICE, baseFiles, processText } from './project.js';

const service = (script: string, fields?: string) =>
  baseFiles({ 'workloads/svc.workload.ts': processText('svc', script, fields) });
const custom = (fields: string) =>
  baseFiles({
    'workloads/svc.workload.ts': processText('svc', SERVICE, `ready: { stdout: '^ready$' }, ${fields}`),
  });

export const PROCESS_CASES: Case[] = [
  {
    name: 'command that does not exist',
    category: 'process workload',
    behaviour: 'exit 2: could not start it; check "command", "args" and "cwd"',
    files: baseFiles({
      'workloads/svc.workload.ts': processText('svc', '').replace(
        'command: process.execPath',
        "command: 'memgate-no-such-command'",
      ),
    }),
    argv: ['run', 'svc'],
    code: 2,
    message:
      /workloads\/svc\.workload\.ts: could not start "memgate-no-such-command".*check "command", "args" and "cwd"/,
  },
  {
    name: 'cwd that does not exist',
    category: 'process workload',
    behaviour: 'exit 2: could not start it, names the directory',
    files: custom(`cwd: 'no-such-dir'`),
    argv: ['run', 'svc'],
    code: 2,
    message: /workloads\/svc\.workload\.ts: could not start .*no-such-dir.*check "command", "args" and "cwd"/,
  },
  {
    name: 'service that exits before it is ready',
    category: 'process workload',
    behaviour: 'exit 2: it exited with code 1 before it was ready, with its last output',
    files: service("console.error('boom: no config'); process.exit(1);"),
    argv: ['run', 'svc'],
    code: 2,
    message: /workloads\/svc\.workload\.ts: .*exited with code 1.*boom: no config/,
  },
  {
    name: 'service that never prints its ready line',
    category: 'process workload',
    behaviour: 'exit 2: not ready within ready.timeout, names what it waited for',
    files: service('setInterval(() => {}, 1000);', "ready: { stdout: '^listening', timeout: '1s' }"),
    argv: ['run', 'svc'],
    code: 2,
    message: /workloads\/svc\.workload\.ts: .*listening.*/,
  },
  {
    name: 'ready.stdout that is not a valid regex',
    category: 'process workload',
    defect: 7,
    behaviour: 'exit 2 at load: names ready.stdout and says to escape the special character',
    files: service(SERVICE, "ready: { stdout: '(unclosed' }"),
    argv: ['run', 'svc'],
    code: 2,
    message: /^memgate: workloads\/svc\.workload\.ts: ready\.stdout: expected a valid regular expression .*escape/,
  },
  {
    name: 'service that exits during the measured phase',
    category: 'process workload',
    behaviour: 'exit 2: it exited N ms into the measured phase; a service must keep running',
    files: service(
      "console.log('ready'); setTimeout(() => process.exit(4), 50);",
      "ready: { stdout: '^ready$' }, duration: '3s'",
    ),
    argv: ['run', 'svc'],
    code: 2,
    message: /exited with code 4 \d+ms into the measured phase.*a service must keep running until it is signalled/,
  },
  {
    name: 'service that exits with the wrong code on SIGINT',
    category: 'process workload',
    defect: 11,
    behaviour: 'exit 1: one problem line "expected exit code 0", printed once (terminal and JUnit)',
    files: service("process.on('SIGINT', () => process.exit(3)); setInterval(() => {}, 1000); console.log('ready');"),
    argv: ['run', 'svc', '--reporter', 'terminal', '--reporter', 'junit:.memgate/junit.xml'],
    code: 1,
    message: /shutdown \(repeat 1\): exited with code 3 after SIGINT, expected exit code 0; handle SIGINT/,
    check(dir, result) {
      const junit = readFileSync(join(dir, '.memgate/junit.xml'), 'utf8');
      for (const text of [`${result.stdout}\n${result.stderr}`, junit])
        if (text.split('expected exit code 0').length !== 2)
          throw new Error(`the problem is not printed once:\n${text}`);
    },
  },
  {
    name: 'service that ignores SIGINT',
    category: 'process workload',
    behaviour: 'exit 1: did not exit within shutdown.timeout; memgate killed it',
    files: service(
      "process.on('SIGINT', () => {}); setInterval(() => {}, 1000); console.log('ready');",
      "ready: { stdout: '^ready$' }, shutdown: { timeout: '500ms' }",
    ),
    argv: ['run', 'svc'],
    code: 1,
    message:
      /showed no reaction to SIGINT .*did not exit within shutdown\.timeout 500ms, memgate killed it with SIGKILL/,
  },
  {
    name: 'finished run with a long shutdown.timeout',
    category: 'process workload',
    defect: 2,
    behaviour: 'exits as soon as the report is done, not after shutdown.timeout (the timer is cancelled)',
    // Before the fix the run waited the full 10 minutes and the case timed out.
    files: custom(`shutdown: { timeout: '10min' }`),
    argv: ['run', 'svc'],
    code: 0,
    message: /memgate run: pass/,
  },
  {
    name: 'service that leaves a setsid grandchild',
    category: 'process workload',
    behaviour: 'exit 1: "left 1 process(es) running after it exited"; memgate killed them',
    files: service(
      "const { spawn } = require('node:child_process'); spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }).unref(); process.on('SIGINT', () => process.exit(0)); setInterval(() => {}, 1000); console.log('ready');",
    ),
    argv: ['run', 'svc'],
    code: 1,
    message: /left 1 process\(es\) running after it exited: \d+ ".*"; memgate killed them/,
  },
  {
    name: 'service that prints one 50 MB line',
    category: 'process workload',
    behaviour: 'passes; memgate keeps at most 64 KiB of any output line',
    files: service(
      "process.on('SIGINT', () => process.exit(0)); process.stdout.write('x'.repeat(50e6) + '\\n', () => console.log('ready')); setInterval(() => {}, 1000);",
      "ready: { stdout: '^ready$', timeout: '20s' }",
    ),
    argv: ['run', 'svc'],
    code: 0,
    message: /memgate run: pass/,
  },
  {
    name: 'shutdown.timeout below zero',
    category: 'process workload',
    behaviour: 'exit 2: names shutdown.timeout',
    files: custom(`shutdown: { timeout: '-1s' }`),
    argv: ['run', 'svc'],
    code: 2,
    message: /^memgate: workloads\/svc\.workload\.ts: shutdown\.timeout: expected a non-negative value/,
  },
  {
    name: 'process workload over an RSS budget',
    category: 'process workload',
    behaviour: 'exit 1: names rss.peak and the budget',
    files: custom(`budgets: { 'rss.peak': '1MB' }`),
    argv: ['run', 'svc'],
    code: 1,
    message: /rss\.peak/,
  },
  {
    name: 'budget on a metric the workload cannot produce',
    category: 'process workload',
    behaviour: 'exit 2 before running: names the key, the workload and why (latency needs `drive`)',
    files: custom(`budgets: { 'latency.p95': '6ms' }`),
    argv: ['run', 'svc'],
    code: 2,
    message:
      /^memgate: workloads\/svc\.workload\.ts: budgets\["latency\.p95"\]: workload "svc" \(process\) cannot produce latency\.p95: .*`drive`/,
  },
  {
    name: 'budget on a log metric no line carried',
    category: 'process workload',
    behaviour: 'exit 1: the metric is `unmeasured` and its budget fails (never read as 0)',
    files: custom(`logMetrics: { map: { conns: 'custom.conns' } }, budgets: { 'custom.conns': 10 }`),
    argv: ['run', 'svc'],
    code: 1,
    message: /custom\.conns\s+—\s+unmeasured/,
  },
];
