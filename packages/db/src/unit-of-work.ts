import {
  type Clock,
  ConcurrencyConflict,
  type DomainEvent,
  type NotificationPolicy,
  outgoingMessagesFor,
  type UnitOfWork,
  type UnitOfWorkFactory,
  type UnitOfWorkOutcome,
} from '@allocation/domain';
import { SqlAuditTrail } from './audit.ts';
import { HotProductQueue } from './hot-product-queue.ts';
import { SqlInbox } from './inbox.ts';
import { writeNotifications } from './notification-outbox.ts';
import { changesNothing, removesWhatItAdds } from './product-changes.ts';
import { type OutboxRows, REMOVE_LINES, WRITE_CHANGES } from './product-sql.ts';
import { SqlReadModelWriter, type Statement } from './read-model.ts';
import { SqlProductRepository } from './repository.ts';
import { translateSqlError } from './sql-error-translation.ts';
import { SqlStockHistory } from './stock-history.ts';
import type { SqlSession, TransactionRunner } from './transactions.ts';

export interface UnitOfWorkOptions {
  /** Store `outgoingMessagesFor(events)` in the outbox at commit. */
  readonly writeOutbox: boolean;
  /** Queue this process's writers of a product that just lost a race (see HotProductQueue). */
  readonly queueHotProducts: boolean;
  /** Dates the outbox and inbox rows and the out-of-stock emails. */
  readonly clock: Clock;
  /** Who hears of an OutOfStock, and how often: the emails are stored at commit (notification-outbox.ts). */
  readonly notificationPolicy: NotificationPolicy;
}

/**
 * Units of work on PostgreSQL (or PGlite): one REPEATABLE READ transaction each. Nothing is
 * written unless the work called `commit` and returned; then the products' changes, their
 * outbox messages and the read-model writes made through `uow.readModel` commit together.
 */
export class SqlUnitOfWorkFactory implements UnitOfWorkFactory {
  readonly #hotProducts = new HotProductQueue();

  constructor(
    private readonly runner: TransactionRunner,
    private readonly options: UnitOfWorkOptions,
  ) {}

  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<UnitOfWorkOutcome<T>> {
    let repository: SqlProductRepository | undefined;
    const releases: (() => void)[] = [];
    try {
      const outcome = await this.runner.transaction(async (session) => {
        repository = new SqlProductRepository(session, async (sku) => {
          const release = this.options.queueHotProducts ? await this.#hotProducts.turnFor(sku) : undefined;
          if (!release) return;
          releases.push(release);
          // This process's turn, then the turn among the other processes writing the product.
          await session.queueFor(`product:${sku}`);
        });
        const readModel = new SqlReadModelWriter();
        const audit = new SqlAuditTrail();
        const history = new SqlStockHistory();
        let committed = false;
        const uow: UnitOfWork = {
          products: repository,
          readModel,
          inbox: new SqlInbox(session, this.options.clock),
          audit,
          history,
          commit: async () => {
            committed = true;
          },
        };
        const result = await work(uow);
        if (!committed) return { commit: false, value: { result, committed } };
        await this.#write(session, repository, [...readModel.pending, ...audit.pending, ...history.pending]);
        return { commit: true, value: { result, committed } };
      });
      const events: DomainEvent[] = [];
      if (outcome.committed && repository) {
        for (const product of repository.seen) events.push(...product.events.splice(0));
      }
      return { result: outcome.result, events };
    } catch (error) {
      const translated = translateSqlError(error, repository?.changes().newBatchReferences ?? []);
      if (translated instanceof ConcurrencyConflict && repository && this.options.queueHotProducts) {
        this.#hotProducts.markHot([...repository.seen].map((product) => product.sku));
      }
      throw translated;
    } finally {
      for (const release of releases) release();
    }
  }

  /**
   * Runs the products' changes, then the read-model and audit statements. When that is the unit of work's only
   * statement and nothing was read before (a read-model event handler, a new product), it runs as a
   * transaction of its own: one round trip instead of three.
   */
  async #write(
    session: SqlSession,
    repository: SqlProductRepository,
    statements: readonly Statement[],
  ): Promise<void> {
    const changes = repository.changes();
    const messages = this.options.writeOutbox ? outgoingMessagesFor(repository.pendingEvents()) : [];

    const events = repository.pendingEvents();
    const runsOut = events.some((event) => event.type === 'OutOfStock');
    const writesProducts = !(changesNothing(changes) && messages.length === 0);
    const removeFirst = removesWhatItAdds(changes);
    const single =
      !session.started && !removeFirst && !runsOut && statements.length + (writesProducts ? 1 : 0) === 1;
    const run = single ? session.autocommit.bind(session) : session.query.bind(session);
    if (writesProducts) {
      if (removeFirst) await session.query(REMOVE_LINES.text, REMOVE_LINES.values(changes));
      const outbox: OutboxRows = {
        outboxChannels: messages.map((message) => message.channel),
        outboxPayloads: messages.map((message) => JSON.stringify(message.payload)),
        outboxCreatedAt: this.options.clock.now(),
      };
      const [row] = await run<{ bumped: number }>(
        WRITE_CHANGES.text,
        WRITE_CHANGES.values({
          ...changes,
          ...(removeFirst ? { removedLineOrderids: [], removedLineSkus: [] } : {}),
          ...outbox,
        }),
        'write_changes',
      );
      // Without a prior read there is no version to check (new products only), so autocommit is safe.
      if ((row?.bumped ?? 0) !== changes.bumpedSkus.length) {
        throw new ConcurrencyConflict(`Product ${changes.bumpedSkus.join(', ')} changed since it was read`);
      }
    }
    // The emails the OutOfStock events call for, in this same transaction (the notification outbox).
    if (runsOut) {
      await writeNotifications(session, events, this.options.clock.now(), this.options.notificationPolicy);
    }
    // After the products: the read tables copy the write model's state (see SqlReadModelWriter);
    // the audit records describe the change they commit with.
    for (const statement of statements) await run(statement.text, statement.values, statement.name);
  }
}
