import type { CommandOrigin } from '../service-layer/audit.ts';

/** The origin tests hand the bus when who asked does not matter to them: an operator. */
export const testOrigin: CommandOrigin = {
  actor: { kind: 'user', id: 'user-olive', name: 'Olive Operator' },
  requestId: 'test-request',
};

/** An origin for a named user, for tests about who did what. */
export function userOrigin(name: string, requestId: string | null = null): CommandOrigin {
  return { actor: { kind: 'user', id: `user-${name.toLowerCase().replace(/\s+/g, '-')}`, name }, requestId };
}
