import type { InlineConfig } from 'vitest/node';

/**
 * What a package's own `vitest run` (turbo's `test` task) reports: the usual console output, and a JUnit
 * file that `.ci/run-tests.mjs` sums into CI's totals. A root `pnpm vitest` run uses the root's reporters.
 */
export const packageReports = {
  reporters: ['default', 'junit'],
  outputFile: { junit: 'reports/junit.xml' },
} satisfies Pick<InlineConfig, 'reporters' | 'outputFile'>;
