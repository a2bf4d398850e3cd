import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'composition-root', include: ['tests/**/*.test.ts'] },
});
