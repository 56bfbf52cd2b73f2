#!/usr/bin/env node
// memgate's executable. In an installed package it runs the compiled CLI from
// dist/lib; in memgate's own checkout (harness/ present) it runs the
// TypeScript source, bundled by esbuild, so there is no stale build to forget.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Signal handlers come first: loading the CLI takes a moment, and a Ctrl-C in
// that moment must still say what happened and exit 130, not vanish silently.
const controller = new AbortController();
let interrupted = 0;
let started = false;
const onSignal = (signal) => {
  interrupted += 1;
  // First Ctrl-C: stop cleanly (children are killed by the runner). Second: give up now.
  if (interrupted > 1) process.exit(130);
  process.stderr.write(
    started
      ? `\nmemgate: ${signal} received, stopping and cleaning up...\n`
      : `\nmemgate: ${signal} received while starting; nothing was run\n`,
  );
  controller.abort(new Error(`interrupted by ${signal}`));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const root = new URL('../', import.meta.url);
const sourceEntry = fileURLToPath(new URL('harness/cli/main.ts', root));
const builtEntry = fileURLToPath(new URL('dist/lib/cli/main.js', root));

let main;
if (existsSync(sourceEntry)) {
  // A checkout: the source, bundled once per change (scripts/cli-from-source.mjs says why).
  const { importSourceCli } = await import(new URL('scripts/cli-from-source.mjs', root).href);
  ({ main } = await importSourceCli(fileURLToPath(root)));
} else {
  ({ main } = await import(pathToFileURL(builtEntry).href));
}

if (controller.signal.aborted) {
  process.exitCode = 130;
} else {
  started = true;
  const code = await main({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  });
  process.exitCode = interrupted ? 130 : code;
}
