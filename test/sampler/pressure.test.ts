// Reading CPU pressure: the PSI and /proc/self/stat parsers on real formats,
// and the children's CPU time as the kernel accounts it for a real child.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  parseChildCpuMs,
  parseCpuTicks,
  parseOwnCpuMs,
  parsePsiTotal,
  readPressure,
} from '../../harness/sampler/pressure.js';

describe('parsers', () => {
  it('reads the "some" total of /proc/pressure/cpu', () => {
    const text =
      'some avg10=89.40 avg60=68.41 avg300=63.53 total=779787834\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';
    expect(parsePsiTotal(text)).toBe(779787834);
    expect(parsePsiTotal('')).toBeNull();
  });

  it('reads busy and stolen ticks from the aggregate cpu line of /proc/stat, idle and iowait left out', () => {
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice
    const text =
      'cpu  7846666 3349 568921 6295998 2927 0 50208 35462 0 0\ncpu0 3910029 1829 282825 3164052 1666 0 24771 17584 0 0\n';
    expect(parseCpuTicks(text)).toEqual({ busy: 7846666 + 3349 + 568921 + 0 + 50208 + 35462, steal: 35462 });
    // Kernels before 2.6.11 have no steal column: no figure rather than a wrong one.
    expect(parseCpuTicks('cpu  100 0 50 900 0 0 0\n')).toBeNull();
    expect(parseCpuTicks('intr 1 2 3\n')).toBeNull();
  });

  it('reads cutime + cstime after the command name, even one with spaces and parentheses', () => {
    // Fields after ")": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    const stat = '1234 (node (worker) 1) S 1 1234 1234 0 -1 4194560 100 200 0 0 50 7 31 12 20 0 11 0';
    expect(parseChildCpuMs(stat)).toBe((31 + 12) * 10);
    // Own CPU: the process's utime + stime and its children's.
    expect(parseOwnCpuMs(stat)).toBe((50 + 7 + 31 + 12) * 10);
    expect(parseOwnCpuMs('1 (x) S 1 2')).toBeNull();
  });
});

describe('readPressure', () => {
  it('accounts a finished child CPU time to this process', () => {
    const before = readPressure();
    // The child burns CPU until its own clock says 200 ms, then prints what it used.
    const used = Number(
      execFileSync(process.execPath, [
        '-e',
        'while (process.cpuUsage().user < 200_000) {} const u = process.cpuUsage(); console.log((u.user + u.system) / 1000)',
      ]).toString(),
    );
    const after = readPressure();
    expect(after.at).toBeGreaterThan(before.at);
    expect(after.loadPerCore).toBeGreaterThanOrEqual(0);
    if (existsSync('/proc/self/stat')) {
      // Kernel ticks are 10 ms: the accounted time covers the child's own count within two ticks.
      expect((after.childCpuMs ?? 0) - (before.childCpuMs ?? 0)).toBeGreaterThanOrEqual(used - 20);
    }
    if (existsSync('/proc/pressure/cpu')) expect(after.stallUs).toBeGreaterThanOrEqual(before.stallUs ?? 0);
    if (existsSync('/proc/stat')) {
      // The machine was busy at least as long as the child (ticks of 10 ms, two of rounding), and stole no more than that.
      const busy = (after.cpuTicks?.busy ?? 0) - (before.cpuTicks?.busy ?? 0);
      const stolen = (after.cpuTicks?.steal ?? 0) - (before.cpuTicks?.steal ?? 0);
      expect(busy).toBeGreaterThanOrEqual(used / 10 - 2);
      expect(stolen).toBeGreaterThanOrEqual(0);
      expect(stolen).toBeLessThanOrEqual(busy);
    }
  });
});
