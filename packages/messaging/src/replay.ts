/**
 * What an admin does with a dead letter: replay it (handle its message again, exactly as the
 * consumer would) or discard it (keep it, marked, for the record).
 *
 * - A replay parses the kept payload with the consumer's own parser and hands the bus
 *   `ChangeBatchQuantity` with the message's inbox key as idempotency key, for the admin as origin.
 *   So it goes through the same inbox: a message that had taken effect (a redelivery that was
 *   dead-lettered later, a twin replay) changes nothing and the letter is closed as `repeated`. A
 *   letter whose message had no key gets `dead_letter:<id>`, so replaying it twice applies it once.
 * - A replay that fails again leaves the letter open: poison still (not JSON, wrong shape, cut) is
 *   refused as `request.invalid` naming why, and a domain refusal (the batch is still unknown)
 *   reaches the caller with its own code. The bus records both in the audit trail.
 * - Closed letters (replayed or discarded) are refused as `dead_letter.closed`; an unknown id as
 *   `dead_letter.unknown`.
 * - A discard is recorded in the audit trail as `DiscardDeadLetter` by the bus, in a write of its own
 *   after the letter is closed (the dead letters are not part of the unit of work; see
 *   docs/architecture.md).
 */
import { RequestError } from '@allocation/contracts';
import type {
  Clock,
  CommandOrigin,
  DeadLetter,
  DeadLetters,
  RecordedAction,
  RefusedCall,
} from '@allocation/domain';
import {
  type ChangeBatchQuantityBus,
  MessageRejected,
  parseChangeBatchQuantity,
  rejectionReason,
  wasRepeated,
} from './consumer.ts';

/** What replay and discard need of the bus: handle the command, and record what is not one. */
export interface DeadLetterBus extends ChangeBatchQuantityBus {
  recordRefusal(call: RefusedCall): Promise<void>;
  recordAction(action: RecordedAction): Promise<void>;
}

export interface DeadLetterDeskDependencies {
  readonly bus: DeadLetterBus;
  readonly deadLetters: DeadLetters;
  /** Dates the replays and discards. */
  readonly clock: Clock;
}

/** The inbox key a replay uses for a letter whose message had none. */
export const replayKeyOf = (id: string): string => `dead_letter:${id}`;

export class DeadLetterDesk {
  constructor(private readonly deps: DeadLetterDeskDependencies) {}

  /** Handles the letter's message again for `origin`; answers the letter as it now stands. */
  async replay(id: string, origin: CommandOrigin): Promise<DeadLetter> {
    const letter = await this.#open(id, 'replayed');
    let parsed: ReturnType<typeof parseChangeBatchQuantity>;
    try {
      parsed = parseChangeBatchQuantity(letter.payload);
    } catch (error) {
      if (!(error instanceof MessageRejected)) throw error;
      const message = `Dead letter ${id} cannot be replayed: its message is still poison (${rejectionReason(error)})`;
      await this.deps.bus.recordRefusal({
        command: 'ChangeBatchQuantity',
        fields: { deadLetter: id },
        origin,
        code: 'request.invalid',
        message,
      });
      throw new RequestError('request.invalid', message);
    }
    const command = { ...parsed, idempotencyKey: letter.inboxKey ?? replayKeyOf(id) };
    // A refusal (the batch still unknown) reaches the caller with its code; the letter stays open.
    const result = await this.deps.bus.handle(command, origin);
    await this.deps.deadLetters.close(id, {
      state: 'replayed',
      at: this.deps.clock.now(),
      by: origin.actor.name,
      outcome: wasRepeated(result) ? 'repeated' : 'applied',
    });
    // Closed by this call or by a twin that replayed it at the same time: through the inbox, once either way.
    return this.#found(id);
  }

  /** Marks the letter discarded by `origin` (kept for the record); answers the letter as it now stands. */
  async discard(id: string, origin: CommandOrigin): Promise<DeadLetter> {
    const letter = await this.#open(id, 'discarded');
    const closed = await this.deps.deadLetters.close(id, {
      state: 'discarded',
      at: this.deps.clock.now(),
      by: origin.actor.name,
      outcome: null,
    });
    if (!closed) throw closedError(await this.#found(id), 'discarded');
    await this.deps.bus.recordAction({
      command: 'DiscardDeadLetter',
      fields: { deadLetter: id, channel: letter.channel },
      origin,
      result: { discarded: id },
    });
    return this.#found(id);
  }

  async #found(id: string): Promise<DeadLetter> {
    const letter = await this.deps.deadLetters.find(id);
    if (!letter) throw new RequestError('dead_letter.unknown', `No dead letter ${id}`);
    return letter;
  }

  async #open(id: string, action: 'replayed' | 'discarded'): Promise<DeadLetter> {
    const letter = await this.#found(id);
    if (letter.state !== 'open') throw closedError(letter, action);
    return letter;
  }
}

function closedError(letter: DeadLetter, action: 'replayed' | 'discarded'): RequestError {
  const when = letter.closedAt ? ` on ${letter.closedAt.toISOString()}` : '';
  const who = letter.closedBy ? ` by ${letter.closedBy}` : '';
  return new RequestError(
    'dead_letter.closed',
    `Dead letter ${letter.id} was already ${letter.state}${who}${when}; it cannot be ${action}`,
  );
}
