import { defineConfig } from 'vitest/config';
import { packageReports } from '../../vitest.reports.ts';

export default defineConfig({
  test: {
    name: 'db',
    ...packageReports,
    include: ['tests/**/*.test.ts'],
    // Each file creates its own database; the machine has 2 cores and one PostgreSQL.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
