import type { Actor } from '@allocation/auth/roles';
import { requestIdFrom } from '@allocation/contracts';
import type {
  ActivityViews,
  AllocationBus,
  AllocationViews,
  DeadLetterViews,
  Logger,
  NotificationViews,
} from '@allocation/domain';

/** What the routers need: the bus for commands, the views for queries, and a logger. */
export interface ApiDependencies {
  readonly bus: AllocationBus;
  readonly views: AllocationViews & DeadLetterViews & NotificationViews & ActivityViews;
  readonly logger: Logger;
}

/** Who is asking, as the entry point found out (session cookie, or a server-side caller's own). */
export interface RequestIdentity {
  /** The signed-in actor; undefined for an anonymous request. */
  readonly actor?: Actor | undefined;
  /** True when a browser request came from a page of another origin (its `Origin` header). */
  readonly crossOrigin?: boolean;
}

export interface Context extends ApiDependencies {
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
    logger: deps.logger,
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
