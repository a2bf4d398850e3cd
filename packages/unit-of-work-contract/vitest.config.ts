import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'unit-of-work-contract', include: ['tests/**/*.test.ts'] },
});
