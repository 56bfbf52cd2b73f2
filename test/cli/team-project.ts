// A temporary memgate project holding one workload file, run through main()
// with a terminal and a JSON report: the teams' README rows on real programs
// from test/fixtures/teams/.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../harness/cli/main.js';
import { Report, type MetricVerdict, type WorkloadReport } from '../../harness/model/report.js';
import { runCli } from './run-cli.js';

export const TEAMS = fileURLToPath(new URL('../fixtures/teams/', import.meta.url));
export const HARNESS_INDEX = fileURLToPath(new URL('../../harness/index.js', import.meta.url));

export interface TeamRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly workloads: Map<string, WorkloadReport>;
  verdict(workload: string, id: string): MetricVerdict | undefined;
}

export interface TeamProject {
  readonly dir: string;
  run(...argv: string[]): Promise<TeamRun>;
  remove(): Promise<void>;
}

/** `workloads` is the text of workloads/teams.workload.ts; `config` extra keys of defineConfig ("repeats: 1"). */
export async function teamProject(workloads: string, config = 'repeats: 1'): Promise<TeamProject> {
  const dir = await mkdtemp(join(tmpdir(), 'memgate-teams-'));
  await mkdir(join(dir, 'workloads'));
  await writeFile(
    join(dir, 'workloads', 'teams.workload.ts'),
    `import { defineWorkload } from ${JSON.stringify(HARNESS_INDEX)};\n${workloads}`,
  );
  await writeFile(
    join(dir, 'memgate.config.ts'),
    `import { defineConfig } from ${JSON.stringify(HARNESS_INDEX)};\nexport default defineConfig({ workloads: 'workloads/*.workload.ts', timeout: '30s', ${config} });\n`,
  );
  return {
    dir,
    remove: () => rm(dir, { recursive: true, force: true }),
    async run(...argv) {
      const out = join(dir, 'out', 'report.json');
      await rm(out, { force: true });
      // On "main", as the teams' nightly and baseline jobs run, so `update` may write.
      // `update` writes baselines, not reports.
      const reporting =
        argv[0] === 'update' ? [] : ['--reporter', 'terminal', '--reporter', 'json', '--outfile', 'out/report.json'];
      const { code, stdout, stderr } = await runCli(main, dir, [...argv, ...reporting], { GITHUB_REF_NAME: 'main' });
      let reports: WorkloadReport[] = [];
      try {
        reports = Report.parse(JSON.parse(await readFile(out, 'utf8'))).workloads;
      } catch {
        // No report: a config error stops before measuring.
      }
      const byName = new Map(reports.map((w) => [w.name, w]));
      return {
        code,
        stdout,
        stderr,
        workloads: byName,
        verdict: (workload, id) => byName.get(workload)?.metrics.find((metric) => metric.id === id),
      };
    },
  };
}
