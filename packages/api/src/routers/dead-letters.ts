import { deadLetterActionInput, deadLetterSummary } from '@allocation/contracts';
import type { Context, DeadLetterActions } from '../context.ts';
import { originOf } from '../origin.ts';
import { adminProcedure } from '../trpc.ts';
import { deadLetterOut } from './queries.ts';

// Replaying and discarding dead letters, for admins only. The rules (the consumer's parsing, the
// inbox, closed letters refused) are the messaging package's; this router checks the shapes and
// names the acting admin as the origin, so the audit trail says who did it.

function actions(ctx: Context): DeadLetterActions {
  // Wiring, not the caller's doing: a 500 with a request id, and the log says which.
  if (!ctx.deadLetterActions) throw new Error('No dead-letter actions are wired into the API context');
  return ctx.deadLetterActions;
}

export const deadLetterActionProcedures = {
  /**
   * Handles the letter's message again, exactly as the consumer would, through the inbox (a message
   * that had taken effect changes nothing), for the admin. Answers the letter, now replayed; a
   * replay that fails again leaves it open and answers why (`request.invalid` for a message still
   * poison, the domain's code otherwise); a closed letter is refused (`dead_letter.closed`).
   */
  replay: adminProcedure
    .input(deadLetterActionInput)
    .output(deadLetterSummary)
    .mutation(async ({ ctx, input }) => deadLetterOut(await actions(ctx).replay(input.id, originOf(ctx)))),

  /** Marks the letter discarded by the admin (kept for the record, in the audit trail too). */
  discard: adminProcedure
    .input(deadLetterActionInput)
    .output(deadLetterSummary)
    .mutation(async ({ ctx, input }) => deadLetterOut(await actions(ctx).discard(input.id, originOf(ctx)))),
};
