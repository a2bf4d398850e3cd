import type { Actor, Role } from '@allocation/auth/roles';
import { requestIdFrom } from '@allocation/contracts';
import type {
  ActivityViews,
  AllocationBus,
  AllocationViews,
  Clock,
  CommandOrigin,
  DeadLetter,
  DeadLetterViews,
  LiveChangeFeed,
  Logger,
  NotificationViews,
  StockHistoryViews,
} from '@allocation/domain';

/** A user as the admin screens see them. */
export interface AdministeredUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: Date;
}

/** An API key's record (never the key: that is in `createApiKey`'s answer only). */
export interface AdministeredApiKey {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly start: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/**
 * Port: what admins do to users and API keys. The identity implements it (`identity.administration`
 * of @allocation/auth) with its own rules, e.g. never leaving the service without an enabled admin;
 * it refuses by throwing identity refusals (@allocation/auth/refusals), which the admin router
 * translates by their code.
 */
export interface IdentityAdministration {
  listUsers(): Promise<readonly AdministeredUser[]>;
  createUser(input: { name: string; email: string; password: string; role: Role }): Promise<AdministeredUser>;
  changeRole(userId: string, role: Role): Promise<AdministeredUser>;
  /** Disabling ends the user's sessions at once. */
  setDisabled(userId: string, disabled: boolean): Promise<AdministeredUser>;
  resetPassword(userId: string, password: string): Promise<AdministeredUser>;
  listApiKeys(): Promise<readonly AdministeredApiKey[]>;
  createApiKey(input: {
    name: string;
    role: Role;
    expiresAt: Date | null;
    createdBy: string;
  }): Promise<{ key: string; info: AdministeredApiKey }>;
  revokeApiKey(name: string): Promise<AdministeredApiKey>;
}

/**
 * Port: what admins do to dead letters. The messaging package implements it (`DeadLetterDesk`):
 * a replay parses the kept message as the consumer does and hands the bus its command, through the
 * inbox, for `origin`. Refusals are thrown with their codes (`dead_letter.unknown`,
 * `dead_letter.closed`, `request.invalid` for a message still poison, a domain error's own code).
 */
export interface DeadLetterActions {
  replay(id: string, origin: CommandOrigin): Promise<DeadLetter>;
  discard(id: string, origin: CommandOrigin): Promise<DeadLetter>;
}

/** What the routers need: the bus for commands, the views for queries, and a logger. */
export interface ApiDependencies {
  readonly bus: AllocationBus;
  readonly views: AllocationViews & DeadLetterViews & NotificationViews & ActivityViews;
  /** The dashboard's questions about how stock moved. */
  readonly stockHistory: StockHistoryViews;
  /** What "the last 7 days" ends at. */
  readonly clock: Clock;
  readonly logger: Logger;
  /** For the admin router; absent where no identity is wired (its procedures then fail as internal). */
  readonly administration?: IdentityAdministration | undefined;
  /** For replaying and discarding dead letters; absent where none is wired (those procedures then fail as internal). */
  readonly deadLetterActions?: DeadLetterActions | undefined;
  /** For the live views' subscription; absent where none is wired (it then fails as internal). */
  readonly changes?: LiveChangeFeed | undefined;
}

/** Who is asking, as the entry point found out (session cookie, or a server-side caller's own). */
export interface RequestIdentity {
  /** The signed-in actor; undefined for an anonymous request. */
  readonly actor?: Actor | undefined;
  /** True when a browser request came from a page of another origin (its `Origin` header). */
  readonly crossOrigin?: boolean;
}

export interface Context extends Omit<ApiDependencies, 'administration' | 'deadLetterActions' | 'changes'> {
  readonly administration: IdentityAdministration | undefined;
  readonly deadLetterActions: DeadLetterActions | undefined;
  readonly changes: LiveChangeFeed | undefined;
  /** Names one request in logs and in the message of an unexpected error. */
  readonly requestId: string;
  readonly actor: Actor | undefined;
  readonly crossOrigin: boolean;
}

/**
 * The context of one request. Entry points pass whatever they were built with (the composition
 * root's app, or fakes in tests) and who is asking; an incoming request id (e.g. `x-request-id`) is
 * kept when valid.
 */
export function createContext(
  deps: ApiDependencies,
  options: { requestId?: string | null } & RequestIdentity = {},
): Context {
  const requestId = requestIdFrom(options.requestId);
  return {
    bus: deps.bus,
    views: deps.views,
    stockHistory: deps.stockHistory,
    clock: deps.clock,
    logger: deps.logger,
    administration: deps.administration,
    deadLetterActions: deps.deadLetterActions,
    changes: deps.changes,
    requestId,
    actor: options.actor,
    crossOrigin: options.crossOrigin ?? false,
  };
}

/**
 * Whether a request's `Origin` names another site than `appOrigin`. A request without the header
 * (a server-side call, curl) is not a browser page of another origin.
 */
export function isCrossOrigin(origin: string | null, appOrigin: string): boolean {
  if (origin === null) return false;
  try {
    return new URL(origin).origin !== new URL(appOrigin).origin;
  } catch {
    return true;
  }
}
