import { defineConfig } from 'vitest/config';

// Three tiers, each a project: `npm run test:unit` runs the first alone, `npm test` runs all three.
// Time limits are budgets measured on 2 cores with two busy loops beside the suite, with margin;
// see docs/architecture.md (Tests).
export default defineConfig({
  test: {
    globalSetup: ['tests/support/compile-cli.ts'],
    // Browser-backed suites each start one Chromium; two cores serve two of them at once.
    maxWorkers: 2,
    // V8 optimises less eagerly, as the CLI does (bin/kaartenset.js): the unit tier takes 12 % less time.
    execArgv: ['--interrupt-budget=540672'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          setupFiles: ['tests/support/unit-tier.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/shared-build.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/shared-build.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
