import { readFileSync } from 'node:fs';

// Read from package.json once, so `memgate --version`, baselines and reports
// agree with what npm installed. Works from harness/ (source) and dist/lib/.
function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'memgate' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export const MEMGATE_VERSION = readVersion();
