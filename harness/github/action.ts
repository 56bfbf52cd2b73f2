// The GitHub Action entry (bundled to dist/index.js): read the environment,
// run the logic, fail the step when it says so. Everything else lives in
// run-action.ts, which tests drive in process.
import * as core from '@actions/core';
import { isMemgateError, messageOf } from '../errors.js';
import { runAction } from './run-action.js';

async function main(): Promise<void> {
  const result = await runAction({ env: process.env });
  if (result.failure) core.setFailed(result.failure);
}

main().catch((error: unknown) => {
  core.setOutput('status', 'error');
  // Known errors are one line; anything else is a bug, keep its stack in the log.
  if (!isMemgateError(error) && error instanceof Error && error.stack) core.info(error.stack);
  core.setFailed(messageOf(error));
});
