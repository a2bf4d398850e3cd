import { liveChangesInput } from '@allocation/contracts';
import type { LiveChange } from '@allocation/domain';
import { tracked } from '@trpc/server';
import { managerProcedure } from '../trpc.ts';

/** A subscriber this far behind gets one "everything changed" instead (it refetches what it shows). */
const MAX_QUEUED = 1_000;

/** What a subscriber hears when the changes it missed are no longer known: every view may have changed. */
export const everythingChanged = (id: string): LiveChange => ({
  id,
  lists: ['batches', 'alerts', 'notifications', 'deadLetters', 'activity'],
  skus: null,
  orders: null,
  batches: null,
});

export const liveProcedures = {
  /**
   * Every change committed anywhere (this process, another, the worker), ids only, as server-sent
   * events whose id is where to resume: a browser that reconnects first gets what it missed.
   */
  changes: managerProcedure.input(liveChangesInput).subscription(async function* ({ ctx, input, signal }) {
    const feed = ctx.changes;
    if (!feed) throw new Error('No live change feed is wired into this API');
    let queue: LiveChange[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = feed.subscribe((change) => {
      queue.push(change);
      if (queue.length > MAX_QUEUED) queue = [everythingChanged(change.id)];
      wake?.();
    });
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      const last = input?.lastEventId;
      if (last) {
        const missed = await feed.since(last);
        for (const change of missed ?? [everythingChanged(last)]) yield tracked(change.id, change);
      }
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield tracked(next.id, next);
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      unsubscribe();
    }
  }),
};
