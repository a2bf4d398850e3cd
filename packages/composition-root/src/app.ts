import type { Identity } from '@allocation/auth';
import { type CsvImport, createCsvImport } from '@allocation/csv-import';
import {
  type ActivityViews,
  type AllocationBus,
  type AllocationViews,
  bootstrap,
  type Clock,
  type DeadLetters,
  type DeadLetterViews,
  exportsByPages,
  type ListExports,
  type LiveChangeFeed,
  type Logger,
  type NotificationOutbox,
  type NotificationViews,
  type Outbox,
  type RetryPolicy,
  type StockHistoryViews,
  type UnitOfWorkFactory,
} from '@allocation/domain';
import { DeadLetterDesk } from '@allocation/messaging/replay';
import type { Config } from './config.ts';

export type Views = AllocationViews & DeadLetterViews & NotificationViews & ActivityViews;

/** Everything the adapters provide; tests hand in fakes, `createApp` the real ones. */
export interface Adapters {
  readonly uow: UnitOfWorkFactory;
  readonly views: Views;
  /** The dashboard's questions about how stock moved. */
  readonly stockHistory: StockHistoryViews;
  /** Every row of a list for CSV downloads; default: the views read page by page (the fakes). */
  readonly exports?: ListExports;
  readonly outbox: Outbox;
  readonly deadLetters: DeadLetters;
  /** The emails the units of work stored, for dispatchers (see notification-dispatch.ts). */
  readonly notificationOutbox: NotificationOutbox;
  readonly clock: Clock;
  readonly logger: Logger;
  /** What commits change in the views, from any process: for live views. */
  readonly changes: LiveChangeFeed;
  readonly retry?: RetryPolicy;
  /** Resolves when the database answers; rejects with `StoreUnavailable` when it does not, in bounded time. */
  ping(): Promise<void>;
  /** Builds identity on first use (only what signs sessions needs a secret: not the worker). */
  identity(): Promise<Identity>;
  /** Releases connections, servers and locks the adapters hold. */
  close(): Promise<void>;
}

export interface App {
  readonly config: Config;
  readonly bus: AllocationBus;
  readonly views: Views;
  readonly stockHistory: StockHistoryViews;
  /** Every row of a list view, in its filter and order, read a little at a time (CSV downloads). */
  readonly exports: ListExports;
  readonly logger: Logger;
  /** CSV import of batches and order lines (command line, upload): checks read, changes go through the bus. */
  readonly csvImport: CsvImport;
  /** For the worker's relay and consumer. */
  readonly outbox: Outbox;
  readonly deadLetters: DeadLetters;
  /** An admin's replay and discard of dead letters (the API's `deadLetterActions`). */
  readonly deadLetterActions: DeadLetterDesk;
  /** For the notification dispatchers (worker, launcher). */
  readonly notificationOutbox: NotificationOutbox;
  /** The service's clock, for the worker's consumer and relay. */
  readonly clock: Clock;
  /** What commits change in the views, from any process (the live views' subscription). */
  readonly changes: LiveChangeFeed;
  /** Resolves when the database answers; rejects with `StoreUnavailable` when it does not, in bounded time. */
  ping(): Promise<void>;
  /** Sessions, API keys and the first admin; built once, on first use. */
  identity(): Promise<Identity>;
  close(): Promise<void>;
}

/** The one place handlers meet their dependencies. */
export function buildApp(config: Config, adapters: Adapters): App {
  const bus = bootstrap({
    uow: adapters.uow,
    clock: adapters.clock,
    logger: adapters.logger,
    ...(adapters.retry ? { retry: adapters.retry } : {}),
  });
  return {
    config,
    bus,
    views: adapters.views,
    stockHistory: adapters.stockHistory,
    exports: adapters.exports ?? exportsByPages(adapters.views),
    logger: adapters.logger,
    csvImport: createCsvImport({ bus, uow: adapters.uow }),
    outbox: adapters.outbox,
    deadLetters: adapters.deadLetters,
    deadLetterActions: new DeadLetterDesk({ bus, deadLetters: adapters.deadLetters, clock: adapters.clock }),
    notificationOutbox: adapters.notificationOutbox,
    clock: adapters.clock,
    changes: adapters.changes,
    ping: () => adapters.ping(),
    identity: once(() => adapters.identity()),
    close: () => adapters.close(),
  };
}

/** The first call's promise for every caller; a failed one is not kept, so a later call tries again. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}
