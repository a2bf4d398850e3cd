import { describe, expect, it } from 'vitest';
import { type Actor, authorize, isRole, mayAct, ROLES, type Role, requiredRoles } from '../src/roles.ts';

const actor = (role: Role): Actor => ({ kind: 'user', id: `u-${role}`, name: `Pat ${role}`, role });

describe('roles: manager < operator < admin', () => {
  it.each([
    ['manager', 'manager', true],
    ['manager', 'operator', false],
    ['manager', 'admin', false],
    ['operator', 'manager', true],
    ['operator', 'operator', true],
    ['operator', 'admin', false],
    ['admin', 'manager', true],
    ['admin', 'operator', true],
    ['admin', 'admin', true],
  ] as const)('a %s may act where %s is required: %s', (actorRole, required, allowed) => {
    expect(mayAct(actorRole, required)).toBe(allowed);
  });

  it('knows exactly the three roles, lowest first', () => {
    expect(ROLES).toEqual(['manager', 'operator', 'admin']);
    expect(isRole('operator')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});

describe('authorize: what every transport decides', () => {
  it('lets an actor whose role is high enough through', () => {
    expect(authorize(actor('operator'), 'manager')).toBeUndefined();
    expect(authorize({ kind: 'api-key', id: 'k1', name: 'erp', role: 'admin' }, 'admin')).toBeUndefined();
  });

  it('refuses nobody as unauthenticated', () => {
    expect(authorize(undefined, 'manager')).toMatchObject({ reason: 'unauthenticated' });
  });

  it('refuses a role too low as forbidden, naming the role needed', () => {
    const refusal = authorize(actor('manager'), 'operator');
    expect(refusal?.reason).toBe('forbidden');
    expect(refusal?.message).toContain('operator');
  });

  it('serves nobody, not even an admin, where no role is declared (default deny)', () => {
    expect(authorize(actor('admin'), undefined)).toMatchObject({ reason: 'forbidden' });
    expect(authorize(undefined, undefined)).toMatchObject({ reason: 'forbidden' });
  });

  it('keeps a table of required roles as declared', () => {
    const table = requiredRoles({ allocate: 'operator', stock: 'manager' });
    expect(table.allocate).toBe('operator');
    expect(Object.isFrozen(table)).toBe(true);
  });
});
