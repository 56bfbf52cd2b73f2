// The idle service both soak benches run (bench/soak-flat-memory.ts,
// bench/soak-self-rss.ts): test/fixtures/process/clean-service.mjs, which
// starts, prints "ready" and waits, resolved as a process workload in a
// fresh temporary project. Only the sampling interval differs between them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from '../harness/config/schema.js';
import { ProcessWorkloadSchema } from '../harness/config/workload-schema.js';
import { resolveWorkload } from '../harness/workload/resolve.js';

export function idleService(tempPrefix: string, sampleInterval?: string) {
  const fixtures = fileURLToPath(new URL('../test/fixtures/process/', import.meta.url));
  const config = {
    ...ConfigSchema.parse({}),
    configFile: undefined,
    rootDir: mkdtempSync(join(tmpdir(), tempPrefix)),
  };
  const definition = ProcessWorkloadSchema.parse({
    name: 'idle',
    command: 'node',
    args: ['clean-service.mjs'],
    nodeProbe: false,
    ...(sampleInterval === undefined ? {} : { sampleInterval }),
    ready: { stdout: 'ready' },
  });
  const workload = resolveWorkload(
    {
      name: 'idle',
      kind: 'process' as const,
      file: join(fixtures, 'idle.workload.ts'),
      relativeFile: 'idle',
      bundle: '',
      exportName: 'default',
      definition,
      definitionHash: '',
    },
    config,
  );
  return { config, workload };
}
