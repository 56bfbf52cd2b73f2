// Reading which Go built a program from its build-info header, in bytes and
// through a real process workload whose "Go program" is a shell script that
// carries a header (Go is not installed here).
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hasGoBuildInfo,
  parseGoBuildInfoHeader,
  readGoBuildInfo,
} from '../../../harness/runner/process/go-buildinfo.js';
import { goRuntimeOf } from '../../../harness/runner/process/go-probe.js';
import { runProcessRepeat } from '../../../harness/runner/process-repeat.js';
import { fixture, loadedProcessWorkload, testConfig } from '../../fixtures/process/loaded.js';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

function uvarint(value: number): Buffer {
  const bytes: number[] = [];
  for (let rest = value; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) return Buffer.from([...bytes, rest]);
    bytes.push((rest % 128) | 0x80);
  }
}

/** A Go 1.18+ header: magic, pointer size, flags, padding to 32 bytes, then the version and a module string. */
function header(version: string, { pointerSize = 8, flags = 0x2 } = {}): Buffer {
  return Buffer.concat([
    MAGIC,
    Buffer.from([pointerSize, flags]),
    Buffer.alloc(16, 0x20),
    uvarint(version.length),
    Buffer.from(version, 'latin1'),
    uvarint(1),
    Buffer.from('x'),
  ]);
}

describe('parseGoBuildInfoHeader', () => {
  it('reads the inline version of a Go 1.18+ header, with either pointer size and a long version', () => {
    expect(parseGoBuildInfoHeader(header('go1.22.3'))).toBe('go1.22.3');
    expect(parseGoBuildInfoHeader(header('go1.21.0 X:boringcrypto', { pointerSize: 4 }))).toBe(
      'go1.21.0 X:boringcrypto',
    );
    // 130 bytes: a two-byte length.
    const devel = `devel go1.23-abcdef ${'x'.repeat(110)}`;
    expect(parseGoBuildInfoHeader(header(devel))).toBe(devel);
  });

  it('gives null for bytes that only hold the magic, a version kept elsewhere, or a cut-off header', () => {
    expect(parseGoBuildInfoHeader(header('go1.22.3', { flags: 0 })), 'Go before 1.18: pointers').toBeNull();
    expect(parseGoBuildInfoHeader(header('go1.22.3', { pointerSize: 0x0a })), 'a newline, not a size').toBeNull();
    expect(parseGoBuildInfoHeader(header('exec node')), 'not a Go version').toBeNull();
    expect(parseGoBuildInfoHeader(header('go1.22.3').subarray(0, 36)), 'the string cut short').toBeNull();
    expect(parseGoBuildInfoHeader(Buffer.from('not the magic at all, but 32+ bytes of it'))).toBeNull();
  });
});

describe('reading a program file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memgate-go-buildinfo-'));

  it('finds the marker anywhere in an executable, across read chunks, and reads the version after it', () => {
    const file = join(dir, 'big');
    const body = Buffer.alloc(3 * 1024 * 1024, 0x41);
    // Straddles the 1 MiB chunk boundary.
    header('go1.22.3').copy(body, 1024 * 1024 - 5);
    writeFileSync(file, body);
    expect(hasGoBuildInfo(file)).toBe(true);
    expect(readGoBuildInfo(file)).toEqual({ version: 'go1.22.3' });
    // The marker alone (no header after it): Go, version unknown.
    const bare = join(dir, 'bare');
    writeFileSync(bare, Buffer.concat([Buffer.alloc(100, 0x41), MAGIC, Buffer.alloc(100, 0x41)]));
    expect(readGoBuildInfo(bare)).toEqual({ version: null });
    copyFileSync(process.execPath, join(dir, 'node-copy'));
    expect(hasGoBuildInfo(join(dir, 'node-copy'))).toBe(false);
    writeFileSync(join(dir, 'plain'), 'no marker here');
    expect(readGoBuildInfo(join(dir, 'plain'))).toBeNull();
    expect(hasGoBuildInfo(join(dir, 'missing'))).toBe(false);
    expect(readGoBuildInfo(join(dir, 'missing'))).toBeNull();
  });

  it('names the runtime "go 1.22.3", and none for `go run` or a marker without a readable version', () => {
    const file = join(dir, 'service');
    writeFileSync(file, Buffer.concat([Buffer.from('#!/bin/sh\n# '), header('go1.22.3'), Buffer.from('\n')]));
    expect(goRuntimeOf(file, dir)).toBe('go 1.22.3');
    expect(goRuntimeOf('service', '/', dir), 'found on PATH').toBe('go 1.22.3');
    expect(goRuntimeOf('go', dir, dir)).toBeNull();
    expect(goRuntimeOf(fixture('fake-go-binary'), dir), 'its marker is in a comment, with no header').toBeNull();
  });

  it.runIf(process.platform === 'linux')(
    "records the Go version of a process workload's program in its run",
    async () => {
      const file = join(dir, 'fake-go-service');
      writeFileSync(
        file,
        Buffer.concat([
          Buffer.from('#!/bin/sh\n# '),
          header('go1.22.3'),
          Buffer.from(`\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(fixture('fake-go.mjs'))}\n`),
        ]),
        { mode: 0o755 },
      );
      const workload = loadedProcessWorkload({
        name: 'go-version',
        command: file,
        ready: { stdout: /fake go ready GODEBUG=gctrace=1$/ },
        duration: '200ms',
      });
      const run = await runProcessRepeat(workload, testConfig(), { repeatIndex: 0 });
      expect(run.runtime).toBe('go 1.22.3');
      expect(run.gc?.pauses.length, 'found as Go from the file: gctrace on').toBeGreaterThan(0);
    },
    60_000,
  );
});
