/**
 * Setting a message aside: logged, and kept as a dead letter with why. A dead letter keeps at most
 * 64 KiB of the payload (what over-large poison must not turn into an over-large row); when it had
 * to cut, its error says so and how long the message was.
 */
import { type Clock, type DeadLetters, describeError, type Logger } from '@allocation/domain';

/** The largest message the consumers accept, and the most of one a dead letter keeps (bytes, UTF-8). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface SetAsideDependencies {
  readonly deadLetters: Pick<DeadLetters, 'record'>;
  readonly logger: Logger;
  readonly clock: Clock;
}

export interface Rejection {
  /** Where it came from: a channel, or `stream:<name>` for a stream entry. */
  readonly channel: string;
  readonly payload: string;
  readonly error: string;
  /** The message's inbox key (the idempotency key the consumer gave or would give its command); null if none. */
  readonly inboxKey?: string | null;
}

/** The payload as a dead letter keeps it, and the error (marked when the payload was cut). */
export function boundedLetter(rejection: Rejection): Rejection {
  const bytes = Buffer.byteLength(rejection.payload, 'utf8');
  if (bytes <= MAX_MESSAGE_BYTES) return rejection;
  // Cut on a character boundary: decoding a byte prefix drops a split character's replacement mark.
  const cut = Buffer.from(rejection.payload, 'utf8')
    .subarray(0, MAX_MESSAGE_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return {
    channel: rejection.channel,
    ...(rejection.inboxKey === undefined ? {} : { inboxKey: rejection.inboxKey }),
    payload: cut,
    error: `${rejection.error} [payload cut to its first ${Buffer.byteLength(cut, 'utf8')} of ${bytes} bytes]`,
  };
}

/** Records the dead letter; resolves false (having logged it) when it could not be stored. */
export async function setAside(deps: SetAsideDependencies, rejection: Rejection): Promise<boolean> {
  const letter = boundedLetter(rejection);
  deps.logger.error('Message set aside as a dead letter', {
    channel: letter.channel,
    payload: letter.payload.length <= 1000 ? letter.payload : `${letter.payload.slice(0, 1000)}…`,
    error: letter.error,
  });
  try {
    await deps.deadLetters.record({ ...letter, receivedAt: deps.clock.now() });
    return true;
  } catch (recordError) {
    deps.logger.error('Could not record a dead letter; the message is only in this log', {
      channel: letter.channel,
      payload: letter.payload,
      error: letter.error,
      recordError: describeError(recordError),
    });
    return false;
  }
}
