import type { Actor } from '@allocation/auth/roles';
import { actorOrigin, type CommandOrigin } from '@allocation/domain';

/**
 * The origin of a command a procedure hands the bus. Every command procedure declares a role, so
 * an actor is always there by now; a missing one is a programming error, never an anonymous command.
 */
export function originOf(ctx: {
  readonly actor: Actor | undefined;
  readonly requestId: string;
}): CommandOrigin {
  if (!ctx.actor)
    throw new Error('A command reached the bus without an actor: its procedure declares no role');
  return actorOrigin(ctx.actor, ctx.requestId);
}
