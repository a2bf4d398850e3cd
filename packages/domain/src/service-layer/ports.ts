/**
 * Ports: what the service layer needs from the outside world. Adapters (Prisma, SMTP, Redis)
 * implement them; the in-memory fakes in `../testing` do too, so every handler runs in tests
 * without infrastructure.
 */
import { CODED_ERROR, type CodedError } from '../model/errors.ts';
import type {
  Allocated,
  BatchCreated,
  BatchQuantityChanged,
  DomainEvent,
  OutOfStock,
} from '../model/events.ts';
import type { Product } from '../model/product.ts';
import type { AuditTrail } from './audit.ts';
import type { StockHistoryWriter } from './stock-history.ts';

export interface ProductRepository {
  add(product: Product): void;
  /**
   * The product of a sku with every batch and each batch's allocated total. With `orderid`, the
   * lines of that order are loaded too (what allocate and deallocate need); other lines may not be.
   */
  get(sku: string, options?: { readonly orderid?: string }): Promise<Product | undefined>;
  /** The product holding a batch, with every line of that batch loaded (a quantity change may push them out). */
  getByBatchRef(reference: string): Promise<Product | undefined>;
  /** Every product added or loaded in this unit of work: where the bus collects recorded events from. */
  readonly seen: ReadonlySet<Product>;
}

/** One allocation as the read side stores it. */
export interface AllocationLine {
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly batchref: string;
}

/** Why a line left its batch. */
export type DeallocationReason = 'cancelled' | 'pushed_out';

/** Keeps the tables shaped for reading in step with what happened. */
export interface ReadModelWriter {
  batchCreated(event: BatchCreated): Promise<void>;
  batchQuantityChanged(event: BatchQuantityChanged): Promise<void>;
  /** The line is allocated (at `at`): its order line shows the batch, and its open alerts resolve. */
  lineAllocated(event: Allocated, at: Date): Promise<void>;
  /**
   * The line left its batch: cancelled by the customer, or pushed out by a quantity change (then it
   * is re-homed in the same change, or no batch could take it: out of stock).
   */
  lineDeallocated(line: AllocationLine, reason: DeallocationReason, at: Date): Promise<void>;
  /** No batch could take the line: an open alert, and the order line shows it out of stock. */
  outOfStock(event: OutOfStock, at: Date): Promise<void>;
}

/**
 * One transaction. Nothing is written unless the work calls `commit`; committing also stores,
 * atomically, the outgoing messages for other systems derived from the products' new events
 * (see `outgoingMessagesFor`): the transactional outbox.
 */
export interface UnitOfWork {
  readonly products: ProductRepository;
  readonly readModel: ReadModelWriter;
  readonly inbox: Inbox;
  /** The audit trail: what is recorded here commits with this unit of work's changes, or not at all. */
  readonly audit: AuditTrail;
  /** The stock history: appended when this unit of work commits. */
  readonly history: StockHistoryWriter;
  commit(): Promise<void>;
}

/**
 * The messages already handled, by key: what makes a redelivered message change nothing. A key
 * accepted in a unit of work is stored only if that unit of work commits, with its changes.
 */
export interface Inbox {
  /** Records `key` in this unit of work; false if a committed unit of work already holds it. */
  accept(key: string): Promise<boolean>;
}

export interface UnitOfWorkOutcome<T> {
  readonly result: T;
  /** Events recorded by the products of a committed unit of work; none when it rolled back. */
  readonly events: readonly DomainEvent[];
}

export interface UnitOfWorkFactory {
  /**
   * Runs `work` in a fresh unit of work: commits if the work called `commit` and returned,
   * rolls back if it threw or never committed. A write that lost a race to a concurrent one
   * rejects with `ConcurrencyConflict`, whichever the database.
   */
  run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<UnitOfWorkOutcome<T>>;
}

/**
 * Another writer changed the same product first; the whole unit of work may be retried. Its message
 * says what collided (for logs); callers who still meet it after the bus's retries are told to retry.
 */
export class ConcurrencyConflict extends Error implements CodedError {
  readonly [CODED_ERROR] = true;
  override readonly name = 'ConcurrencyConflict';
  readonly code = 'product.contended';
  readonly field = null;
  constructor(message = 'Concurrent update of the same product', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The store behind a port could not be reached, or did not answer within its bounds (a connection,
 * statement or lock timeout). Nothing the caller did: the same request may succeed a little later.
 */
export class StoreUnavailable extends Error implements CodedError {
  readonly [CODED_ERROR] = true;
  override readonly name = 'StoreUnavailable';
  readonly code = 'service.unavailable';
  readonly field = null;
  constructor(
    message = 'The database is unavailable or did not answer in time; please retry shortly',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Notifications {
  send(destination: string, message: string): Promise<void>;
}

export interface OutgoingMessage {
  readonly channel: string;
  readonly payload: Readonly<Record<string, string | number | null>>;
}

export interface ExternalPublisher {
  publish(message: OutgoingMessage): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface Logger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** An outgoing message as the outbox holds it until a relay has published it. */
export interface StoredMessage extends OutgoingMessage {
  readonly id: string;
  readonly createdAt: Date;
}

/** The transactional outbox, as the relay sees it. Several relays may run at once. */
export interface Outbox {
  /**
   * Claims up to `limit` unsent messages that no other relay holds, oldest first, hands them to
   * `send`, and marks them sent once it resolves. If `send` rejects (or the process dies) they stay
   * unsent and are sent again later: a message may repeat, none is lost. Returns how many were sent.
   */
  relay(limit: number, send: (messages: readonly StoredMessage[]) => Promise<void>): Promise<number>;
  /** Deletes up to `limit` messages sent before `sentBefore`, oldest first. Returns how many. */
  prune(sentBefore: Date, limit: number): Promise<number>;
}

/** Where a dead letter stands: still to be dealt with, replayed by someone, or discarded by someone. */
export type DeadLetterState = 'open' | 'replayed' | 'discarded';

/** A message from another system that could not be handled, kept aside with why. */
export interface DeadLetter {
  readonly id: string;
  readonly channel: string;
  /** The message exactly as received (at most 64 KiB of it). */
  readonly payload: string;
  readonly error: string;
  readonly receivedAt: Date;
  /**
   * The message's inbox key, exactly the idempotency key the consumer gave its command (a stream
   * entry's `stream:<stream>:<id>`, a channel message's `channel:…:<id>`); null when it had none.
   */
  readonly inboxKey: string | null;
  readonly state: DeadLetterState;
  /** When and by whom (the actor's name) it was replayed or discarded; null while open. */
  readonly closedAt: Date | null;
  readonly closedBy: string | null;
  /** A replay's outcome: `applied`, or `repeated` when the inbox found the message already handled. */
  readonly outcome: string | null;
}

/** A letter as the consumers set it aside. */
export interface NewDeadLetter {
  readonly channel: string;
  readonly payload: string;
  readonly error: string;
  readonly receivedAt: Date;
  readonly inboxKey?: string | null;
}

/** Closing an open letter: replayed (with the outcome) or discarded, when and by whom. */
export interface DeadLetterClosing {
  readonly state: Exclude<DeadLetterState, 'open'>;
  readonly at: Date;
  readonly by: string;
  readonly outcome: string | null;
}

export interface DeadLetters {
  record(letter: NewDeadLetter): Promise<void>;
  find(id: string): Promise<DeadLetter | null>;
  /**
   * Closes the letter if it is open, in one conditional write: true if this call closed it, false if
   * it is not there or was already closed (by this call's twin, say).
   */
  close(id: string, closing: DeadLetterClosing): Promise<boolean>;
}

/** A notification kept (and shown in the app) instead of mailed, when no SMTP server is configured. */
export interface RecordedNotification {
  readonly id: string;
  readonly destination: string;
  readonly message: string;
  readonly sentAt: Date;
}
