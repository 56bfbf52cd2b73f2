// PLACEHOLDER signature, replaced by the reporters engineer.
import type { EnvFingerprint, Report } from './schema.js';
import type { WorkloadResult } from '../runner/types.js';

export interface ReportContext {
  readonly env: EnvFingerprint;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly createdAt: string;
  /** Absolute limits from config and workloads, checked in `run` mode too. */
  readonly budgetsFor?: (workload: string) => Readonly<Record<string, { max?: number; min?: number }>>;
}

/** `memgate run`: measurements with budgets and leaks checked, nothing compared. */
export function buildRunReport(_results: readonly WorkloadResult[], _context: ReportContext): Report {
  throw new Error('buildRunReport is not built yet');
}
