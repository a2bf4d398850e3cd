import type { Command, CommandOfType, CommandType } from '../model/commands.ts';
import type { DomainEvent, DomainEventType, EventOfType } from '../model/events.ts';
import type { Product } from '../model/product.ts';
import { type AuditEntry, type AuditTrail, auditSubjects, type CommandOrigin } from './audit.ts';
import { codedError, describeError } from './error-data.ts';
import {
  type Clock,
  ConcurrencyConflict,
  type Logger,
  type ReadModelWriter,
  type UnitOfWork,
  type UnitOfWorkFactory,
} from './ports.ts';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy } from './retry.ts';
import type { StockHistoryWriter } from './stock-history.ts';

export type CommandHandler<C extends Command, R> = (command: C, uow: UnitOfWork) => Promise<R>;
export type EventHandler<E extends DomainEvent> = (event: E, uow: UnitOfWork) => Promise<void>;

export type CommandHandlers<Results extends Record<CommandType, unknown>> = {
  readonly [T in CommandType]: CommandHandler<CommandOfType<T>, Results[T]>;
};
export type EventHandlers = {
  readonly [T in DomainEventType]?: readonly EventHandler<EventOfType<T>>[];
};

export interface MessageBusDependencies<Results extends Record<CommandType, unknown>> {
  readonly uow: UnitOfWorkFactory;
  readonly commandHandlers: CommandHandlers<Results>;
  readonly eventHandlers: EventHandlers;
  /**
   * The event handlers a dry run follows (`preview`): those that only apply the domain's rules to
   * aggregates (allocating a pushed-out line again), never those that write views, send or record.
   * The same functions as in `eventHandlers`, not copies.
   */
  readonly dryRunEventHandlers?: EventHandlers;
  readonly logger: Logger;
  /** Dates the audit records. */
  readonly clock: Clock;
  readonly retry?: RetryPolicy;
}

/** A call a transport refused before it reached the bus (a forbidden one), to be kept in the audit trail. */
export interface RefusedCall {
  /** The command's type when the transport knows it, else what the transport calls the call. */
  readonly command: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly origin: CommandOrigin;
  /** The refusal's stable code (`forbidden`, …) and the message the caller was given. */
  readonly code: string;
  readonly message: string;
}

/**
 * An action that is not a command of the domain (an admin discarding a dead letter), done by a
 * transport outside any unit of work, to be kept in the audit trail as succeeded.
 */
export interface RecordedAction {
  readonly command: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly origin: CommandOrigin;
  readonly result: unknown;
}

/** What a command would do (see `MessageBus.preview`): nothing of it happened. */
export interface Preview<R> {
  /** What the command's handler would answer. */
  readonly result: R;
  /** Every event the command and its domain follow-ups recorded, in order. None was handled. */
  readonly events: readonly DomainEvent[];
}

/** A dry run's unit of work reaches no view and no audit trail: one that tries is a bug, said loudly. */
const refuseInDryRun = (what: string) => async () => {
  throw new Error(`A dry run must not write ${what}`);
};
const DRY_RUN_READ_MODEL: ReadModelWriter = {
  batchCreated: refuseInDryRun('the read model'),
  batchQuantityChanged: refuseInDryRun('the read model'),
  lineAllocated: refuseInDryRun('the read model'),
  lineDeallocated: refuseInDryRun('the read model'),
  outOfStock: refuseInDryRun('the read model'),
};
const DRY_RUN_AUDIT: AuditTrail = { record: refuseInDryRun('the audit trail') };
const DRY_RUN_HISTORY: StockHistoryWriter = { record: refuseInDryRun('the stock history') };

/** What the audit trail says of a failure no domain rule explains (the details are in the log). */
const UNEXPECTED_FAILURE = {
  code: 'internal',
  message: 'Unexpected error; the log has the details under the request id',
} as const;

/**
 * The one entry point of the service layer. A command has exactly one handler and its failure
 * reaches the caller. An event has any number of handlers, each in its own unit of work; one that
 * fails is logged and the others still run. Events recorded by the products of each committed unit
 * of work join the queue and are handled in order, all before `handle` returns, so views are
 * current when the caller hears back.
 */
export class MessageBus<Results extends Record<CommandType, unknown>> {
  readonly #deps: MessageBusDependencies<Results>;
  readonly #retry: RetryPolicy;

  constructor(deps: MessageBusDependencies<Results>) {
    this.#deps = deps;
    this.#retry = deps.retry ?? defaultRetryPolicy;
  }

  /**
   * Handles a command for whoever `origin` names. Its audit record (who, what, when, what changed)
   * is written in the command's own unit of work, so it commits with the change; a refused command
   * (its handler threw, or kept conflicting) is recorded after the rollback with the reason, and the
   * error still reaches the caller.
   */
  async handle<C extends Command>(command: C, origin: CommandOrigin): Promise<Results[C['type']]> {
    const handler = this.#deps.commandHandlers[command.type as C['type']] as CommandHandler<
      C,
      Results[C['type']]
    >;
    const { type, ...fields } = command;
    let outcome: { result: Results[C['type']]; events: readonly DomainEvent[]; recorded: boolean };
    try {
      const ran = await this.#runWithRetry(async (uow) => {
        let committed = false;
        const tracked: UnitOfWork = {
          products: uow.products,
          readModel: uow.readModel,
          inbox: uow.inbox,
          audit: uow.audit,
          history: uow.history,
          commit: async () => {
            committed = true;
            await uow.commit();
          },
        };
        const result = await handler(command, tracked);
        // Buffered like every write of the unit of work: stored only if it commits.
        if (committed) await uow.audit.record(this.#entry(type, fields, origin, { result }));
        return { result, recorded: committed };
      }, command);
      outcome = { ...ran.result, events: ran.events };
    } catch (error) {
      const reason = codedError(error) ?? UNEXPECTED_FAILURE;
      await this.#recordAlone(this.#entry(type, fields, origin, { reason }));
      throw error;
    }
    // A handler that changed nothing (a repeated message) committed nothing: its record stands alone.
    if (!outcome.recorded) {
      await this.#recordAlone(this.#entry(type, fields, origin, { result: outcome.result }));
    }
    await this.#handleEvents(outcome.events);
    return outcome.result;
  }

  /**
   * What a command would do, without doing it: a dry run. Its handler runs in a unit of work that is
   * always rolled back (its `commit` does nothing), and the events it records are followed, in that
   * same unit of work and in order, only by `dryRunEventHandlers`: so the answer comes from the same
   * handler and aggregate rules as `handle`, follow-ups included. Nothing is committed, audited,
   * published, notified or written to a view; a refusal (an unknown batch) reaches the caller.
   */
  async preview<C extends Command>(command: C): Promise<Preview<Results[C['type']]>> {
    const handler = this.#deps.commandHandlers[command.type as C['type']] as CommandHandler<
      C,
      Results[C['type']]
    >;
    const followUps = this.#deps.dryRunEventHandlers ?? {};
    const { result } = await this.#deps.uow.run(async (uow) => {
      const dry: UnitOfWork = {
        products: uow.products,
        readModel: DRY_RUN_READ_MODEL,
        inbox: uow.inbox,
        audit: DRY_RUN_AUDIT,
        history: DRY_RUN_HISTORY,
        commit: async () => {},
      };
      const answer = await handler(command, dry);
      const events: DomainEvent[] = [];
      const followed = new Map<Product, number>();
      for (;;) {
        const fresh = [...uow.products.seen].flatMap((product) => {
          const from = followed.get(product) ?? 0;
          followed.set(product, product.events.length);
          return product.events.slice(from);
        });
        if (fresh.length === 0) break;
        for (const event of fresh) {
          events.push(event);
          const handlers = (followUps[event.type] ?? []) as readonly EventHandler<DomainEvent>[];
          for (const followUp of handlers) await followUp(event, dry);
        }
      }
      return { result: answer, events };
    });
    return result;
  }

  /** Records a call a transport refused before the bus (see `RefusedCall`), in its own unit of work. */
  async recordRefusal(call: RefusedCall): Promise<void> {
    await this.#recordAlone(
      this.#entry(call.command, call.fields, call.origin, {
        reason: { code: call.code, message: call.message },
      }),
    );
  }

  /**
   * Records an action done outside the bus (see `RecordedAction`), in its own unit of work, after the
   * action's own write: if this write fails, the failure is logged and the action stands.
   */
  async recordAction(action: RecordedAction): Promise<void> {
    await this.#recordAlone(
      this.#entry(action.command, action.fields, action.origin, { result: action.result }),
    );
  }

  #entry(
    command: string,
    fields: Readonly<Record<string, unknown>>,
    origin: CommandOrigin,
    outcome: { result: unknown } | { reason: { code: string; message: string } },
  ): AuditEntry {
    const succeeded = 'result' in outcome;
    const result = succeeded ? outcome.result : null;
    return {
      at: this.#deps.clock.now(),
      actor: origin.actor,
      requestId: origin.requestId,
      command,
      fields,
      outcome: succeeded ? 'succeeded' : 'refused',
      result,
      reason: succeeded ? null : { code: outcome.reason.code, message: outcome.reason.message },
      subjects: auditSubjects(fields, result),
    };
  }

  /**
   * A record in a unit of work of its own. If even that fails (the database is down), the failure
   * is logged and the caller still hears the original outcome.
   */
  async #recordAlone(entry: AuditEntry): Promise<void> {
    try {
      await this.#runWithRetry(async (uow) => {
        await uow.audit.record(entry);
        await uow.commit();
      }, entry);
    } catch (error) {
      this.#deps.logger.error('Could not record a command in the audit trail', {
        command: entry.command,
        requestId: entry.requestId,
        error: describeError(error),
      });
    }
  }

  async #handleEvents(initial: readonly DomainEvent[]): Promise<void> {
    const queue = [...initial];
    for (let event = queue.shift(); event; event = queue.shift()) {
      const handlers = (this.#deps.eventHandlers[event.type] ?? []) as readonly EventHandler<DomainEvent>[];
      for (const handler of handlers) {
        const current = event;
        try {
          const { events } = await this.#runWithRetry((uow) => handler(current, uow), current);
          queue.push(...events);
        } catch (error) {
          this.#deps.logger.error('Event handler failed', {
            event: current,
            handler: handler.name || 'anonymous',
            error: describeError(error),
          });
        }
      }
    }
  }

  async #runWithRetry<T>(
    work: (uow: UnitOfWork) => Promise<T>,
    message: Command | DomainEvent | AuditEntry,
  ): Promise<{ result: T; events: readonly DomainEvent[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#deps.uow.run(work);
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict) || attempt >= this.#retry.attempts) throw error;
        const delay = backoffDelay(this.#retry, attempt);
        this.#deps.logger.warn('Concurrent update, retrying', {
          message: 'type' in message ? message.type : message.command,
          attempt,
          delayMs: delay,
        });
        await this.#retry.sleep(delay);
      }
    }
  }
}
