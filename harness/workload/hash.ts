// The definition hash in reports and baselines: the bundle (portable: package
// paths are relative), the export or task it names, and the settings it runs
// with, so editing the code or its ops, time or batch size invalidates its
// baseline. Repeats and timeout change how it is run, not what it measures.
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/schema.js';
import type { Workload } from '../config/workload-schema.js';
import { resolveRunSettings } from './settings.js';

export function hashDefinition(bundleText: string, id: string, definition: Workload, config: ResolvedConfig): string {
  const { repeats: _repeats, timeoutMs: _timeout, ...settings } = resolveRunSettings(definition, config);
  return createHash('sha256')
    .update(bundleText)
    .update('\0')
    .update(id)
    .update('\0')
    .update(JSON.stringify(settings))
    .digest('hex')
    .slice(0, 16);
}
