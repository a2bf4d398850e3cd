import type { DomainEvent, OutOfStock } from './model/events.ts';
import type { AllocationOutcome } from './model/product.ts';
import type { BatchQuantityChange, CreatedBatch } from './service-layer/command-results.ts';
import * as handlers from './service-layer/handlers.ts';
import { type EventHandlers, MessageBus } from './service-layer/message-bus.ts';
import { DEFAULT_STOCK_TEAM_ADDRESS } from './service-layer/notifications.ts';
import type {
  AllocationLine,
  Clock,
  Logger,
  Notifications,
  UnitOfWork,
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
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Only for entry points without a notification outbox (the CSV appendix, whose units of work are
   * files): OutOfStock is then sent at once, inside the request. The app's units of work store the
   * email with the OutOfStock instead, and a dispatcher delivers it (see notification-delivery.ts).
   */
  readonly notifications?: Notifications;
  /** Where `notifications` go; default DEFAULT_STOCK_TEAM_ADDRESS. */
  readonly stockTeamAddress?: string;
  readonly retry?: RetryPolicy;
}

/** Wires every handler to its dependencies and returns the bus: the service layer's only door. */
export function bootstrap(deps: BootstrapDependencies): AllocationBus {
  const { notifications, clock } = deps;
  const stockTeamAddress = deps.stockTeamAddress ?? DEFAULT_STOCK_TEAM_ADDRESS;
  async function recordStockHistory(event: DomainEvent, uow: UnitOfWork) {
    await handlers.recordStockHistory(event, uow, clock);
  }
  const eventHandlers: EventHandlers = {
    BatchCreated: [handlers.addBatchToReadModel, recordStockHistory],
    BatchQuantityChanged: [handlers.changeBatchQuantityInReadModel, recordStockHistory],
    Allocated: [
      async function addAllocationToReadModel(event, uow) {
        await handlers.addAllocationToReadModel(event, uow, clock);
      },
      recordStockHistory,
    ],
    Deallocated: [
      async function removeAllocationFromReadModel(event, uow) {
        await handlers.removeAllocationFromReadModel(event, uow, clock);
      },
      recordStockHistory,
      handlers.reallocate,
    ],
    AllocationCancelled: [
      async function removeAllocationFromReadModel(event, uow) {
        await handlers.removeAllocationFromReadModel(event, uow, clock);
      },
      recordStockHistory,
    ],
    OutOfStock: [
      recordStockHistory,
      async function recordOutOfStockAlert(event, uow) {
        await handlers.recordOutOfStockAlert(event, uow, clock);
      },
      ...(notifications
        ? [
            async function sendOutOfStockNotification(event: OutOfStock) {
              await handlers.sendOutOfStockNotification(event, notifications, stockTeamAddress);
            },
          ]
        : []),
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
    // A dry run (a preview) allocates pushed-out lines again, as the real follow-up would.
    dryRunEventHandlers: { Deallocated: [handlers.reallocate] },
  });
}
