// Go's build info: every Go executable since 1.13 embeds "\xff Go buildinf:"
// in its .go.buildinfo section, and since Go 1.18 the Go version follows the
// 32-byte header inline (debug/buildinfo: flag 0x2 of the header's 16th byte,
// then a uvarint length and the string). memgate reads it to know a program
// is Go (go-probe.ts) and which Go built it (the run's `runtime`).
import { closeSync, openSync, readSync, statSync } from 'node:fs';

const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** Read at most this much of an executable looking for the marker (Go puts it in the data segment). */
const SCAN_LIMIT_BYTES = 256 * 1024 * 1024;
const HEADER_BYTES = 32;
const FLAG_VERSION_INLINE = 0x2;
/** Enough for the header, the length and any Go version string ("go1.22.3 X:boringcrypto"). */
const HEADER_READ_BYTES = HEADER_BYTES + 10 + 128;

export interface GoBuildInfo {
  /** "go1.22.3"; null when the header keeps it elsewhere (Go before 1.18) or it does not read as a version. */
  readonly version: string | null;
}

/**
 * Pure: the Go version in a build-info header (`bytes` starts at the magic),
 * or null. The pointer size must be 4 or 8 and the string must read as a Go
 * version, so bytes that only happen to hold the magic give null.
 */
export function parseGoBuildInfoHeader(bytes: Buffer): string | null {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, GO_BUILDINFO_MAGIC.length).equals(GO_BUILDINFO_MAGIC))
    return null;
  const pointerSize = bytes[GO_BUILDINFO_MAGIC.length];
  const flags = bytes[GO_BUILDINFO_MAGIC.length + 1] ?? 0;
  if ((pointerSize !== 4 && pointerSize !== 8) || (flags & FLAG_VERSION_INLINE) === 0) return null;
  let length = 0;
  let offset = HEADER_BYTES;
  for (let shift = 0; offset < bytes.length && shift < 35; shift += 7) {
    const byte = bytes[offset++] ?? 0;
    length += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) {
      const version = bytes.subarray(offset, offset + length).toString('latin1');
      return version.length === length && /^(go\d+(\.\d+)*|devel )[\x20-\x7e]*$/.test(version) ? version : null;
    }
  }
  return null;
}

// Every repeat asks again: the answer is kept per file, size and modification time.
const scanned = new Map<string, GoBuildInfo | null>();

/** The build info of an executable, null when it has none (not Go) or cannot be read. Never throws. */
export function readGoBuildInfo(file: string): GoBuildInfo | null {
  let key: string;
  try {
    const stat = statSync(file);
    key = `${file}\0${stat.size}\0${stat.mtimeMs}`;
  } catch {
    return null;
  }
  if (scanned.has(key)) return scanned.get(key) ?? null;
  const found = scanFile(file);
  scanned.set(key, found);
  return found;
}

/** True when the file contains Go's build-info marker. */
export function hasGoBuildInfo(file: string): boolean {
  return readGoBuildInfo(file) !== null;
}

// Reads in 1 MiB chunks, the marker possibly straddling two; then the header at the marker.
function scanFile(file: string): GoBuildInfo | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const chunk = Buffer.alloc(1024 * 1024);
    const overlap = GO_BUILDINFO_MAGIC.length - 1;
    let position = 0;
    let carry = Buffer.alloc(0);
    while (position < SCAN_LIMIT_BYTES) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read <= 0) return null;
      const window = Buffer.concat([carry, chunk.subarray(0, read)]);
      const at = window.indexOf(GO_BUILDINFO_MAGIC);
      if (at !== -1) {
        const header = Buffer.alloc(HEADER_READ_BYTES);
        const got = readSync(fd, header, 0, header.length, position - carry.length + at);
        return { version: parseGoBuildInfoHeader(header.subarray(0, got)) };
      }
      carry = window.subarray(Math.max(0, window.length - overlap));
      position += read;
    }
    return null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
