// The whole corpus, in the order of the "Failure behaviour" table.
import type { Case } from './case.js';
import { BASELINE_CASES } from './cases-baseline.js';
import { CLI_CASES } from './cases-cli.js';
import { CONFIG_CASES } from './cases-config.js';
import { PROCESS_CASES } from './cases-process.js';
import { SIGNAL_CASES } from './cases-signals.js';

export const ALL_CASES: readonly Case[] = [
  ...CONFIG_CASES,
  ...PROCESS_CASES,
  ...BASELINE_CASES,
  ...CLI_CASES,
  ...SIGNAL_CASES,
];
