import { defineConfig } from 'vitest/config';
import { packageReports } from '../../vitest.reports.ts';

export default defineConfig({
  test: {
    name: 'domain',
    ...packageReports,
    include: ['tests/**/*.test.ts'],
  },
});
