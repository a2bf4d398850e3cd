import type { Command, CommandOfType, CommandType } from '../model/commands.ts';
import type { DomainEvent, DomainEventType, EventOfType } from '../model/events.ts';
import { describeError } from './error-data.ts';
import { ConcurrencyConflict, type Logger, type UnitOfWork, type UnitOfWorkFactory } from './ports.ts';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy } from './retry.ts';

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
  readonly logger: Logger;
  readonly retry?: RetryPolicy;
}

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

  async handle<C extends Command>(command: C): Promise<Results[C['type']]> {
    const handler = this.#deps.commandHandlers[command.type as C['type']] as CommandHandler<
      C,
      Results[C['type']]
    >;
    const { result, events } = await this.#runWithRetry((uow) => handler(command, uow), command);
    await this.#handleEvents(events);
    return result;
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
    message: Command | DomainEvent,
  ): Promise<{ result: T; events: readonly DomainEvent[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#deps.uow.run(work);
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict) || attempt >= this.#retry.attempts) throw error;
        const delay = backoffDelay(this.#retry, attempt);
        this.#deps.logger.warn('Concurrent update, retrying', {
          message: message.type,
          attempt,
          delayMs: delay,
        });
        await this.#retry.sleep(delay);
      }
    }
  }
}
