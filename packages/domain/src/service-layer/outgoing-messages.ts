import type { DomainEvent } from '../model/events.ts';
import type { OutgoingMessage } from './ports.ts';

/** The Redis channel other services listen on for allocations (an outside contract). */
export const LINE_ALLOCATED_CHANNEL = 'line_allocated';

/**
 * Which events other systems hear about, and in what shape. Units of work store these with the
 * change that caused them, so publication survives crashes; a relay sends them later.
 */
export function outgoingMessagesFor(events: readonly DomainEvent[]): OutgoingMessage[] {
  return events.flatMap((event): OutgoingMessage[] =>
    event.type === 'Allocated'
      ? [
          {
            channel: LINE_ALLOCATED_CHANNEL,
            payload: { orderid: event.orderid, sku: event.sku, qty: event.qty, batchref: event.batchref },
          },
        ]
      : [],
  );
}
