import type { AllocationOutcome } from './model/product.ts';
import type { BatchQuantityChange, CreatedBatch } from './service-layer/command-results.ts';
import * as handlers from './service-layer/handlers.ts';
import { type EventHandlers, MessageBus } from './service-layer/message-bus.ts';
import type {
  AllocationLine,
  Clock,
  Logger,
  Notifications,
  UnitOfWorkFactory,
} from './service-layer/ports.ts';
import type { RetryPolicy } from './service-layer/retry.ts';

export interface CommandResults {
  CreateBatch: CreatedBatch;
  Allocate: AllocationOutcome;
  ChangeBatchQuantity: BatchQuantityChange;
  Deallocate: AllocationLine;
}

export type AllocationBus = MessageBus<CommandResults>;

export interface BootstrapDependencies {
  readonly uow: UnitOfWorkFactory;
  readonly notifications: Notifications;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where out-of-stock notifications go. */
  readonly stockTeamAddress: string;
  readonly retry?: RetryPolicy;
}

export const DEFAULT_STOCK_TEAM_ADDRESS = 'stock@made.com';

/** Wires every handler to its dependencies and returns the bus: the service layer's only door. */
export function bootstrap(deps: BootstrapDependencies): AllocationBus {
  const { notifications, clock, stockTeamAddress } = deps;
  const eventHandlers: EventHandlers = {
    BatchCreated: [handlers.addBatchToReadModel],
    BatchQuantityChanged: [handlers.changeBatchQuantityInReadModel],
    Allocated: [handlers.addAllocationToReadModel],
    Deallocated: [handlers.removeAllocationFromReadModel, handlers.reallocate],
    AllocationCancelled: [handlers.removeAllocationFromReadModel],
    OutOfStock: [
      async function recordOutOfStockAlert(event, uow) {
        await handlers.recordOutOfStockAlert(event, uow, clock);
      },
      async function sendOutOfStockNotification(event) {
        await handlers.sendOutOfStockNotification(event, notifications, stockTeamAddress);
      },
    ],
  };
  return new MessageBus<CommandResults>({
    uow: deps.uow,
    logger: deps.logger,
    clock,
    ...(deps.retry ? { retry: deps.retry } : {}),
    commandHandlers: {
      CreateBatch: handlers.addBatch,
      Allocate: handlers.allocate,
      ChangeBatchQuantity: handlers.changeBatchQuantity,
      Deallocate: handlers.deallocate,
    },
    eventHandlers,
  });
}
