import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Network and browser tests share 2 cores; running files in parallel makes tick timing noisy.
    fileParallelism: false,
    reporters: ['default'],
  },
});
