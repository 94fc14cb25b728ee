import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn the real CLI and loopback servers; keep the 2-core CI box responsive.
    maxWorkers: 2,
  },
});
