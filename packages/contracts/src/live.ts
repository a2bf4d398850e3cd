import { z } from 'zod';

/** The live views' subscription: a browser that reconnects names the last change it saw (SSE's Last-Event-ID). */
export const liveChangesInput = z
  .object({ lastEventId: z.string().max(32, 'An event id is at most 32 characters').nullish() })
  .optional();

export const liveList = z.enum(['batches', 'alerts', 'notifications', 'deadLetters', 'activity']);

/** One committed change, by ids only; a `null` list of ids means "any of that kind". */
export const liveChange = z.object({
  id: z.string(),
  lists: z.array(liveList),
  skus: z.array(z.string()).nullable(),
  orders: z.array(z.string()).nullable(),
  batches: z.array(z.string()).nullable(),
});
