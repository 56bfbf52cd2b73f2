// Rewrites the "Failure behaviour" table in docs/running.md from the failure
// corpus (test/reliability/cases*.ts). Run after adding or changing a case.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ALL_CASES } from '../test/reliability/cases.js';
import { renderFailureTable, replaceFailureTable } from '../test/reliability/table.js';

const doc = fileURLToPath(new URL('../docs/running.md', import.meta.url));
await writeFile(doc, replaceFailureTable(await readFile(doc, 'utf8'), renderFailureTable(ALL_CASES)));
