// Resolves a loaded workload once for every later stage: run settings, leak
// limits and compare policy. Pure: the config and definition are already
// validated; a value that cannot be read throws with the file and key.
import { resolvePolicy } from '../compare/policy.js';
import { resolveLeakLimits } from '../config/leak-limits.js';
import type { ResolvedConfig } from '../config/schema.js';
import { MemgateError, messageOf } from '../errors.js';
import { resolveRunSettings } from './settings.js';
import type { LoadedWorkload, ResolvedWorkload } from './types.js';
import { checkProducible } from './producible-check.js';
import { relative, sep } from 'node:path';

export interface ResolveOptions {
  /** --repeats: wins over the workload's and the config's repeats. */
  readonly repeats?: number | undefined;
}

export function resolveWorkload(
  loaded: LoadedWorkload,
  config: ResolvedConfig,
  options: ResolveOptions = {},
): ResolvedWorkload {
  const where =
    loaded.exportName === 'default' ? loaded.relativeFile : `${loaded.relativeFile} (export "${loaded.exportName}")`;
  const leakLimits = readLeakLimits(loaded, config);
  const policy = resolvePolicy(config, loaded.definition, { workloadFile: loaded.relativeFile });
  const configFile = config.configFile
    ? relative(config.rootDir, config.configFile).split(sep).join('/')
    : 'memgate config';
  checkProducible(loaded.definition, config, { configFile, workloadFile: where });
  return {
    ...loaded,
    settings: resolveRunSettings(loaded.definition, config, options.repeats),
    leakLimits,
    policy,
  };
}

function readLeakLimits(loaded: LoadedWorkload, config: ResolvedConfig): ResolvedWorkload['leakLimits'] {
  try {
    return resolveLeakLimits(config, loaded.definition);
  } catch (error) {
    const where =
      loaded.exportName === 'default' ? loaded.relativeFile : `${loaded.relativeFile} (export "${loaded.exportName}")`;
    throw new MemgateError('WORKLOAD_INVALID', `${where}: ${messageOf(error)}`, { cause: error });
  }
}
