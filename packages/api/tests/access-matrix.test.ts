// The authorization matrix, generated from the router: every procedure is called anonymously and as
// each role. A new procedure without a declared role, or a role not enforced, fails here.
import { ROLES, type Role } from '@allocation/auth/roles';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { appRouter, createCaller, createContext } from '../src/index.ts';
import { router, undeclaredProcedure } from '../src/trpc.ts';
import { fakeApi, userOf } from './support.ts';

interface ProcedureDef {
  readonly _def: { readonly type: 'query' | 'mutation' | 'subscription'; readonly meta?: { role?: Role } };
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>).map(
  ([path, procedure]) => ({ path, type: procedure._def.type, role: procedure._def.meta?.role }),
);

type Caller = Role | 'anonymous';
const callers: readonly Caller[] = ['anonymous', ...ROLES];

/** Calls a procedure by its dotted path with an input it may well refuse: only the door is tested. */
async function call(path: string, caller: Caller, crossOrigin = false): Promise<unknown> {
  const { deps } = fakeApi();
  const api = createCaller(deps, {
    actor: caller === 'anonymous' ? undefined : userOf(caller),
    crossOrigin,
  }) as unknown as Record<string, unknown>;
  // Walk the dotted path (`allocation.allocate`, `admin.users.list`) down the caller's proxy.
  const procedure = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api) as (
    input: unknown,
  ) => Promise<unknown>;
  if (typeof procedure !== 'function') throw new Error(`No procedure at ${path}`);
  return procedure({}).then(
    () => 'served',
    (error: unknown) => (error instanceof TRPCError ? error.code : error),
  );
}

const expected = (role: Role, caller: Caller) => {
  if (caller === 'anonymous') return 'UNAUTHORIZED';
  return ROLES.indexOf(caller) >= ROLES.indexOf(role) ? 'served' : 'FORBIDDEN';
};

describe('tRPC authorization matrix', () => {
  it('covers every procedure of the router', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(procedures)(
    '$path declares a role; a change needs at least the operator role',
    ({ type, role }) => {
      expect(role).toBeDefined();
      if (type === 'mutation') expect(role).not.toBe('manager');
    },
  );

  const cases = procedures.flatMap(({ path, role }) =>
    callers.map((caller) => ({ path, caller, role: role as Role })),
  );

  it.each(cases)('$path as $caller', async ({ path, caller, role }) => {
    const outcome = await call(path, caller);
    if (expected(role, caller) === 'served') {
      // Past the door: served, or refused for the input (never for who is asking).
      expect(outcome).not.toBe('UNAUTHORIZED');
      expect(outcome).not.toBe('FORBIDDEN');
    } else {
      expect(outcome).toBe(expected(role, caller));
    }
  });

  it.each(procedures.filter(({ type }) => type !== 'query'))(
    '$path ($type) from a page of another origin is refused even for an admin',
    async ({ path }) => {
      expect(await call(path, 'admin', true)).toBe('FORBIDDEN');
    },
  );

  it('a procedure that declares no role is served to nobody, not even an admin', async () => {
    const forgotten = router({ oops: undeclaredProcedure.query(() => 'secret') });
    const { deps } = fakeApi();
    const error = await forgotten
      .createCaller(createContext(deps, { actor: userOf('admin') }))
      .oops()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('FORBIDDEN');
  });
});
