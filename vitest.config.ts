import { defineConfig } from 'vitest/config';

/**
 * Every package's Vitest project from the root: `pnpm vitest run`, or one of them with
 * `pnpm vitest run --project domain`. Each package keeps its own config (and `pnpm --filter … test`).
 */
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'faults/vitest.config.ts'],
  },
});
