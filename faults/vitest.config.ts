import { defineConfig } from 'vitest/config';
import { packageReports } from '../vitest.reports.ts';

export default defineConfig({
  test: {
    name: 'faults',
    ...packageReports,
    include: ['tests/**/*.test.ts'],
  },
});
