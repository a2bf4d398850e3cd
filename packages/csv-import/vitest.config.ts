import { defineConfig } from 'vitest/config';
import { packageReports } from '../../vitest.reports.ts';

export default defineConfig({
  test: {
    name: 'csv-import',
    ...packageReports,
    include: ['tests/**/*.test.ts'],
    // The command-line test creates its own PostgreSQL database and starts child processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
