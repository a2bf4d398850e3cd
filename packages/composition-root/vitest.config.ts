import { defineConfig } from 'vitest/config';
import { packageReports } from '../../vitest.reports.ts';

export default defineConfig({
  test: {
    name: 'composition-root',
    ...packageReports,
    include: ['tests/**/*.test.ts'],
    // The command-line tests start processes against their own PostgreSQL database.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
