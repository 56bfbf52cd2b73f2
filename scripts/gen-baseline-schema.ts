// Regenerates baselines/memgate-baseline.schema.json from the zod schema:
//   npx tsx scripts/gen-baseline-schema.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderBaselineJsonSchema } from '../harness/baseline/json-schema.js';

const file = fileURLToPath(new URL('../baselines/memgate-baseline.schema.json', import.meta.url));
writeFileSync(file, renderBaselineJsonSchema());
process.stdout.write(`wrote ${file}\n`);
