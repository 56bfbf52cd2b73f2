import { defineConfig } from 'vitest/config';

// Many tests start real child processes; on 2 cores two test files at a time
// keeps them honest without starving the children they measure.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
