import type { ConfigInput } from './schema.js';

/**
 * Declares memgate's configuration (memgate.config.ts). An identity function
 * for type checking; memgate validates the config when it loads the file.
 * Kept apart from the zod schema so that importing it loads no zod.
 */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
