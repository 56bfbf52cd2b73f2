// The module the measured child imports for one bench task. It is plain JS
// written next to the bench bundle: it imports the bundle (whose shims fill
// the registry) and exports that task as an in-process workload, so the
// probe (probe/child-main.ts) runs it like any defineWorkload export.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';

/** The text of the task module for `id` in `bundleFile` (both in the same cache folder). */
export function taskModuleText(bundleFile: string, id: string, name: string): string {
  return [
    `// memgate: bench task ${JSON.stringify(id)}`,
    `await import(${JSON.stringify(`./${basename(bundleFile)}`)});`,
    `const registry = globalThis[Symbol.for('memgate.bench.registry')];`,
    `if (!registry) throw new Error(${JSON.stringify(`memgate: ${name}: the bench file declared no task when imported in the child`)});`,
    `export default registry.workloadOf(${JSON.stringify(id)}, ${JSON.stringify(name)});`,
    ``,
  ].join('\n');
}

/** Writes (once) and returns the task module's path, in the bundle's folder. */
export async function writeTaskModule(bundleFile: string, id: string, name: string): Promise<string> {
  const text = taskModuleText(bundleFile, id, name);
  const hash = createHash('sha256').update(text).digest('hex');
  const target = join(dirname(bundleFile), `task-${hash}.mjs`);
  if (!existsSync(target))
    await writeFileAtomic(
      target,
      text,
      (reason) => `${target}: cannot write the bench task module (${reason}); check that outDir is writable`,
    );
  return target;
}
