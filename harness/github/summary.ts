// The job summary (same markdown as the comment) and one error annotation per
// regressed or failed workload, pointing at its workload file so the
// "Files changed" tab shows it where the reviewer is already looking.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import * as core from '@actions/core';
import type { Report, WorkloadReport } from '../model/report.js';
import { isFailing } from '../compare/status.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Appends the markdown to the job summary; false when the runner offers none. */
export async function writeJobSummary(markdown: string, env: Env): Promise<boolean> {
  if (!env['GITHUB_STEP_SUMMARY']) {
    core.info('memgate: GITHUB_STEP_SUMMARY is not set, skipping the job summary');
    return false;
  }
  await core.summary.addRaw(markdown, true).write();
  return true;
}

export interface Annotation {
  readonly message: string;
  readonly title: string;
  /**
   * Path relative to the repository root (GITHUB_WORKSPACE), as annotations
   * need; undefined when the report's path leads outside the workspace (a
   * report is untrusted input), and the annotation then names no file.
   */
  readonly file: string | undefined;
}

/** One annotation per workload that regressed or failed. Pure. */
export function buildAnnotations(report: Report, workingDirectory: string, workspace: string): Annotation[] {
  return report.workloads
    .filter((workload) => workload.status === 'regressed' || workload.status === 'error')
    .map((workload) => toAnnotation(workload, workingDirectory, workspace));
}

function toAnnotation(workload: WorkloadReport, workingDirectory: string, workspace: string): Annotation {
  const file = toWorkspacePath(workload.file, workingDirectory, workspace);
  if (workload.status === 'error') {
    return {
      file,
      title: `memgate: ${workload.name} failed`,
      message: workload.error?.message ?? 'the workload failed to run',
    };
  }
  const lines = workload.metrics
    .filter((metric) => ['regressed', 'over-budget', 'unmeasured'].includes(metric.status) && isFailing(metric))
    .map((metric) => `${metric.id} ${metric.status}: ${metric.reason}`);
  for (const leak of workload.leaks)
    if (leak.status === 'leaking') lines.push(`${leak.resource} leaking: ${leak.reason}`);
  for (const problem of workload.problems ?? []) lines.push(`problem: ${problem}`);
  return {
    file,
    title: `memgate: ${workload.name} regressed`,
    message: lines.length > 0 ? lines.join('\n') : 'regressed against its baseline',
  };
}

// Workload files are relative to the config root (the working directory).
// Only paths inside the workspace are annotated: `../` or an absolute path
// elsewhere would point the annotation at a file outside the repository.
export function toWorkspacePath(file: string, workingDirectory: string, workspace: string): string | undefined {
  const absolute = isAbsolute(file) ? file : resolve(workspace, workingDirectory, file);
  const inside = relative(resolve(workspace), absolute);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
  return inside.split(sep).join('/');
}

/** Prints the annotations as `::error file=...` workflow commands (escaped by @actions/core). */
export function emitAnnotations(annotations: readonly Annotation[]): void {
  for (const annotation of annotations)
    core.error(annotation.message, {
      title: annotation.title,
      ...(annotation.file === undefined ? {} : { file: annotation.file }),
    });
}
