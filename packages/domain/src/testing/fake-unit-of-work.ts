import { Batch } from '../model/batch.ts';
import type { DomainEvent } from '../model/events.ts';
import { Product } from '../model/product.ts';
import {
  type ActivityQuery,
  type ActivityViews,
  type AuditEntry,
  type AuditRecord,
  selectActivity,
} from '../service-layer/audit.ts';
import {
  DEFAULT_NOTIFICATION_POLICY,
  type DeliveryChannel,
  type NotificationPolicy,
  type OutOfStockOrder,
  outOfStockOrdersFor,
  planNotification,
} from '../service-layer/notifications.ts';
import { outgoingMessagesFor } from '../service-layer/outgoing-messages.ts';
import {
  type Clock,
  ConcurrencyConflict,
  type OutgoingMessage,
  type ProductRepository,
  type ReadModelWriter,
  type UnitOfWork,
  type UnitOfWorkFactory,
  type UnitOfWorkOutcome,
} from '../service-layer/ports.ts';
import type { HistoryEntry } from '../service-layer/stock-history.ts';
import type { Page } from '../service-layer/views.ts';
import { FakeReadModel } from './fake-read-model.ts';
import { FakeStockHistory } from './fake-stock-history.ts';
import { FakeClock } from './fakes.ts';

/** A deep copy, so a unit of work's changes reach the store only when it commits. */
export function copyProduct(product: Product): Product {
  return new Product({
    sku: product.sku,
    versionNumber: product.versionNumber,
    batches: product.batches.map(
      (batch) =>
        new Batch({
          reference: batch.reference,
          sku: batch.sku,
          purchasedQuantity: batch.purchasedQuantity,
          eta: batch.eta,
          lines: batch.lines,
          allocatedQuantity: batch.allocatedQuantity,
        }),
    ),
  });
}

class FakeRepository implements ProductRepository {
  readonly seen = new Set<Product>();
  /** Version of each product when this unit of work first read it: the optimistic-concurrency check. */
  readonly loadedVersions = new Map<string, number>();

  constructor(private readonly store: Map<string, Product>) {}

  add(product: Product): void {
    this.seen.add(product);
  }

  async get(sku: string): Promise<Product | undefined> {
    for (const product of this.seen) if (product.sku === sku) return product;
    const stored = this.store.get(sku);
    if (!stored) return undefined;
    const product = copyProduct(stored);
    this.loadedVersions.set(sku, stored.versionNumber);
    this.seen.add(product);
    return product;
  }

  async getByBatchRef(reference: string): Promise<Product | undefined> {
    for (const product of this.seen) if (product.batch(reference)) return product;
    for (const stored of this.store.values()) if (stored.batch(reference)) return this.get(stored.sku);
    return undefined;
  }
}

type PendingWrite = (readModel: ReadModelWriter) => Promise<void>;

/** Buffers read-model writes until commit, as a database transaction would. */
class BufferedReadModelWriter implements ReadModelWriter {
  readonly pending: PendingWrite[] = [];
  batchCreated: ReadModelWriter['batchCreated'] = async (e) =>
    void this.pending.push((rm) => rm.batchCreated(e));
  batchQuantityChanged: ReadModelWriter['batchQuantityChanged'] = async (e) =>
    void this.pending.push((rm) => rm.batchQuantityChanged(e));
  lineAllocated: ReadModelWriter['lineAllocated'] = async (e, at) =>
    void this.pending.push((rm) => rm.lineAllocated(e, at));
  lineDeallocated: ReadModelWriter['lineDeallocated'] = async (l, reason, at) =>
    void this.pending.push((rm) => rm.lineDeallocated(l, reason, at));
  outOfStock: ReadModelWriter['outOfStock'] = async (e, at) =>
    void this.pending.push((rm) => rm.outOfStock(e, at));
}

export interface StoredOutgoingMessage extends OutgoingMessage {
  readonly id: number;
  sent: boolean;
  sentAt?: Date;
}

/** A row of the notification outbox, as the fake stores it. */
export interface StoredNotification {
  readonly id: string;
  readonly sku: string;
  readonly destination: string;
  readonly orders: OutOfStockOrder[];
  readonly createdAt: Date;
  readonly dueAt: Date;
  sentAt: Date | null;
  via: DeliveryChannel | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  claimedUntil: Date | null;
}

export interface FakeUnitOfWorkOptions {
  /** Dates the out-of-stock orders and decides when their email is due. */
  readonly clock?: Clock;
  readonly notificationPolicy?: NotificationPolicy;
}

/**
 * Units of work over an in-memory store with the real thing's semantics: writes land only on
 * commit, and committing a product someone else committed since it was read is a conflict.
 */
export class FakeUnitOfWorkFactory implements UnitOfWorkFactory, ActivityViews {
  readonly products = new Map<string, Product>();
  /** The audit trail: records of committed units of work only, oldest first. */
  readonly auditRecords: AuditRecord[] = [];
  readonly readModel = new FakeReadModel();
  readonly stockHistory = new FakeStockHistory();
  readonly outbox: StoredOutgoingMessage[] = [];
  /** The inbox: keys of the messages committed units of work handled. */
  readonly handledMessages = new Set<string>();
  /** The notification outbox: emails to the stock team, written with the OutOfStock that calls for them. */
  readonly notifications: StoredNotification[] = [];
  readonly clock: Clock;
  readonly notificationPolicy: NotificationPolicy;
  #lastOutboxId = 0;
  commits = 0;
  rollbacks = 0;
  #conflictsToSimulate = 0;

  constructor(options: FakeUnitOfWorkOptions = {}) {
    this.clock = options.clock ?? new FakeClock();
    this.notificationPolicy = options.notificationPolicy ?? DEFAULT_NOTIFICATION_POLICY;
  }

  /** The next `count` commits fail as if a concurrent writer had won. */
  simulateConflicts(count: number): void {
    this.#conflictsToSimulate = count;
  }

  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<UnitOfWorkOutcome<T>> {
    const repository = new FakeRepository(this.products);
    const readModel = new BufferedReadModelWriter();
    let committed = false;
    const accepted = new Set<string>();
    const audited: AuditEntry[] = [];
    const history: HistoryEntry[] = [];
    const uow: UnitOfWork = {
      products: repository,
      readModel,
      inbox: {
        accept: async (key) => {
          if (this.handledMessages.has(key) || accepted.has(key)) return false;
          accepted.add(key);
          return true;
        },
      },
      audit: {
        record: async (entry) => {
          audited.push(entry);
        },
      },
      history: {
        record: async (entry) => {
          history.push(entry);
        },
      },
      commit: async () => {
        committed = true;
      },
    };
    let result: T;
    try {
      result = await work(uow);
    } catch (error) {
      this.rollbacks++;
      throw error;
    }
    if (!committed) {
      this.rollbacks++;
      return { result, events: [] };
    }
    this.#checkForConflicts(repository);
    const events: DomainEvent[] = [];
    for (const product of repository.seen) {
      events.push(...product.events.splice(0));
      this.products.set(product.sku, copyProduct(product));
    }
    for (const key of accepted) this.handledMessages.add(key);
    for (const entry of audited) {
      this.auditRecords.push({ ...entry, id: String(this.auditRecords.length + 1) });
    }
    for (const write of readModel.pending) await write(this.readModel);
    for (const entry of history) this.stockHistory.append(entry, this.products);
    for (const message of outgoingMessagesFor(events)) {
      this.outbox.push({ ...message, id: ++this.#lastOutboxId, sent: false });
    }
    this.#storeNotifications(events);
    this.commits++;
    return { result, events };
  }

  #storeNotifications(events: readonly DomainEvent[]): void {
    const now = this.clock.now();
    for (const [sku, orders] of outOfStockOrdersFor(events, now)) {
      const latest = this.notifications.filter((n) => n.sku === sku).at(-1);
      const plan = planNotification(
        latest && {
          id: latest.id,
          dueAt: latest.dueAt,
          open: latest.attempts === 0 && !latest.claimedUntil && !latest.sentAt,
        },
        now,
        this.notificationPolicy.windowMs,
      );
      if (plan.kind === 'join') {
        this.notifications.find((n) => n.id === plan.id)?.orders.push(...orders);
        continue;
      }
      this.notifications.push({
        id: String(this.notifications.length + 1),
        sku,
        destination: this.notificationPolicy.destination,
        orders: [...orders],
        createdAt: now,
        dueAt: plan.dueAt,
        sentAt: null,
        via: null,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
        claimedUntil: null,
      });
    }
  }

  async activity(query: ActivityQuery): Promise<Page<AuditRecord>> {
    return selectActivity(this.auditRecords, query);
  }

  #checkForConflicts(repository: FakeRepository): void {
    if (this.#conflictsToSimulate > 0) {
      this.#conflictsToSimulate--;
      this.rollbacks++;
      throw new ConcurrencyConflict('Simulated concurrent update');
    }
    for (const product of repository.seen) {
      const current = this.products.get(product.sku);
      const loaded = repository.loadedVersions.get(product.sku);
      const written = loaded === undefined || product.versionNumber !== loaded;
      const changedSinceRead =
        loaded === undefined ? current !== undefined : current?.versionNumber !== loaded;
      if (written && changedSinceRead) {
        this.rollbacks++;
        throw new ConcurrencyConflict(`Product ${product.sku} changed since it was read`);
      }
    }
  }
}
