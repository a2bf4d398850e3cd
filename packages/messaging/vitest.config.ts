import { defineConfig } from 'vitest/config';
import { packageReports } from '../../vitest.reports.ts';

export default defineConfig({
  test: {
    name: 'messaging',
    ...packageReports,
    include: ['tests/**/*.test.ts'],
  },
});
