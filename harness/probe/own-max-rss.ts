// The process's own RSS high-water mark. process.resourceUsage().maxRSS is
// getrusage's ru_maxrss, and Linux keeps in it the high-water mark of the
// memory the process had before its exec: a child forked from a process with
// a large heap starts with the parent's anonymous pages counted as its own
// until the exec replaces them, and ru_maxrss never forgets them. Measured:
// a child of a parent holding 400 MB read maxRSS 386 MB while its own RSS
// was 41 MB and its VmHWM 39 MB. So a measured child's rss.peak could read
// its parent's heap instead of its own: the memgate CLI's, or a vitest
// worker's when a test runs memgate in-process (the snapshot parser's memory
// test failed three times at 4.1-4.6x its 2.4x bound in full runs, never
// alone). /proc/self/status's VmHWM is the high-water mark of the current
// address space only, which exec makes new. Where /proc is missing, ru_maxrss
// is the best there is.
import { readFileSync } from 'node:fs';
import { parseVmHwm } from '../sampler/proc-parse.js';

/** The high-water mark of RSS since this process's exec, in bytes. */
export function ownMaxRss(): number {
  try {
    const fromProc = parseVmHwm(readFileSync('/proc/self/status', 'utf8'));
    if (fromProc !== null) return fromProc;
  } catch {
    // no /proc (macOS): below
  }
  // maxRSS is in kilobytes on every platform Node supports.
  return process.resourceUsage().maxRSS * 1024;
}
