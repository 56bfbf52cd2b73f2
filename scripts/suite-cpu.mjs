// Summarises a run's per-file CPU accounting (test/suite-cpu.ts):
//   MEMGATE_TEST_CPU=/tmp/cpu.jsonl npm test
//   node scripts/suite-cpu.mjs /tmp/cpu.jsonl [top]
// prints the files by CPU seconds, most first, and the share of the top ones.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [file, topArg = '25'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/suite-cpu.mjs <cpu.jsonl> [top]\n');
  process.exit(2);
}
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line))
  .map((row) => ({ ...row, cpuMs: row.ownMs + row.childrenMs }))
  .sort((a, b) => b.cpuMs - a.cpuMs);
const total = rows.reduce((sum, row) => sum + row.cpuMs, 0);
const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);
const top = rows.slice(0, Number(topArg));
process.stdout.write(`${rows.length} files, ${seconds(total).trim()} CPU-s in all\n`);
process.stdout.write('  CPU-s  worker children    wall  file\n');
for (const row of top)
  process.stdout.write(
    `${seconds(row.cpuMs)} ${seconds(row.ownMs)} ${seconds(row.childrenMs)} ${seconds(row.wallMs)}  ${relative(process.cwd(), row.file)}\n`,
  );
const shown = top.reduce((sum, row) => sum + row.cpuMs, 0);
process.stdout.write(`top ${top.length}: ${((100 * shown) / total).toFixed(0)}% of the CPU\n`);
