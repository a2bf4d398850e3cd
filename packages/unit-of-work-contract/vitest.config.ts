import { defineConfig } from 'vitest/config';
import { packageReports } from '../../vitest.reports.ts';

export default defineConfig({
  test: { name: 'unit-of-work-contract', ...packageReports, include: ['tests/**/*.test.ts'] },
});
