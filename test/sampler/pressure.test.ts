// Reading CPU pressure: the PSI and /proc/self/stat parsers on real formats,
// and the children's CPU time as the kernel accounts it for a real child.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseChildCpuMs, parsePsiTotal, readPressure } from '../../harness/sampler/pressure.js';

describe('parsers', () => {
  it('reads the "some" total of /proc/pressure/cpu', () => {
    const text =
      'some avg10=89.40 avg60=68.41 avg300=63.53 total=779787834\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';
    expect(parsePsiTotal(text)).toBe(779787834);
    expect(parsePsiTotal('')).toBeNull();
  });

  it('reads cutime + cstime after the command name, even one with spaces and parentheses', () => {
    // Fields after ")": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    const stat = '1234 (node (worker) 1) S 1 1234 1234 0 -1 4194560 100 200 0 0 50 7 31 12 20 0 11 0';
    expect(parseChildCpuMs(stat)).toBe((31 + 12) * 10);
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
  });
});
