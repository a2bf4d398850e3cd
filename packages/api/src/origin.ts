import type { Actor } from '@allocation/auth/roles';
import type { CommandOrigin } from '@allocation/domain';

/** The audit trail's origin for a signed-in person or an API key, under one request id. */
export function actorOrigin(actor: Actor, requestId: string | null): CommandOrigin {
  return { actor: { kind: actor.kind, id: actor.id, name: actor.name }, requestId };
}

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

/** What of a refused call's raw input the audit trail keeps: the top-level scalar fields, strings cut short. */
export function auditableFields(input: unknown): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input).slice(0, MAX_FIELDS)) {
    if (typeof value === 'string') fields[key] = value.slice(0, MAX_FIELD_LENGTH);
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) fields[key] = value;
  }
  return fields;
}

const MAX_FIELDS = 10;
const MAX_FIELD_LENGTH = 200;
