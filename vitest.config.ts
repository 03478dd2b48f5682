import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/compile-cli.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser-backed suites each start one Chromium; two cores serve two of them at once.
    maxWorkers: 2,
  },
});
