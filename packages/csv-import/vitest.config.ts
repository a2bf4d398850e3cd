import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'csv-import',
    include: ['tests/**/*.test.ts'],
    // The command-line test creates its own PostgreSQL database and starts child processes.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
