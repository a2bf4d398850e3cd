import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'auth',
    include: ['tests/**/*.test.ts'],
    // Each file creates its own database; the machine has 2 cores and one PostgreSQL.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
