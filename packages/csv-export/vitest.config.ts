import { defineConfig } from 'vitest/config';
import { packageReports } from '../../vitest.reports.ts';

export default defineConfig({
  test: {
    name: 'csv-export',
    ...packageReports,
    include: ['tests/**/*.test.ts'],
    // The PostgreSQL test creates its own database.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
