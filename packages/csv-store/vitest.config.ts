import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'csv-store', include: ['tests/**/*.test.ts'] },
});
