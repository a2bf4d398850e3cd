import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'composition-root',
    include: ['tests/**/*.test.ts'],
    // The command-line tests start processes against their own PostgreSQL database.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
