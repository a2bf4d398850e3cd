import { requestIdFrom } from '@allocation/contracts';
import type {
  AllocationBus,
  AllocationViews,
  DeadLetterViews,
  Logger,
  NotificationViews,
} from '@allocation/domain';

/** What the routers need: the bus for commands, the views for queries, and a logger. */
export interface ApiDependencies {
  readonly bus: AllocationBus;
  readonly views: AllocationViews & DeadLetterViews & NotificationViews;
  readonly logger: Logger;
}

export interface Context extends ApiDependencies {
  /** Names one request in logs and in the message of an unexpected error. */
  readonly requestId: string;
}

/**
 * The context of one request. Entry points pass whatever they were built with (the composition
 * root's app, or fakes in tests); an incoming request id (e.g. `x-request-id`) is kept when valid.
 */
export function createContext(deps: ApiDependencies, options: { requestId?: string | null } = {}): Context {
  const requestId = requestIdFrom(options.requestId);
  return { bus: deps.bus, views: deps.views, logger: deps.logger, requestId };
}
