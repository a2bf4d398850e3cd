// Next serves REST from route files, not from the route table: every endpoint of the table must have
// a route file whose exported method says it needs the same role (the matrix in packages/rest tests
// the table's handlers; this ties the files to them).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { endpoints } from '@allocation/rest';
import { describe, expect, it } from 'vitest';

const apiFolder = fileURLToPath(new URL('../src/app/api', import.meta.url));

/** `/api/allocations/{orderid}` is served by `api/allocations/[orderid]/route.ts`. */
const routeFileOf = (path: string) =>
  `${apiFolder}${path.replace(/^\/api/, '').replace(/\{([^}]+)\}/g, '[$1]')}/route.ts`;

describe('the REST route files', () => {
  it.each(endpoints)(
    '$method $path is served with the role the table declares',
    async ({ method, path, access }) => {
      const file = routeFileOf(path);
      expect(existsSync(file), `${file} exists`).toBe(true);
      const module = (await import(file)) as Record<string, { access?: string } | undefined>;
      const exported = module[method];
      expect(exported, `${file} exports ${method}`).toBeTypeOf('function');
      // A plain function (no declared access) can only stand for a public endpoint.
      expect(exported?.access ?? 'public').toBe(access);
    },
    // The first import loads the whole composition root (Prisma, PGlite): slow on a busy machine.
    60_000,
  );
});
