import type { ImportReport, RowOutcome } from './import-rows.ts';

/** What happened to a row, in words: the command line's lines and the upload's result table. */
export function describeOutcome(outcome: RowOutcome): string {
  switch (outcome.status) {
    case 'created':
      return 'created';
    case 'unchanged':
      return 'unchanged (already there)';
    case 'allocated':
      return `allocated to ${outcome.batchref}`;
    case 'already_allocated':
      return `unchanged (already allocated to ${outcome.batchref})`;
    case 'out_of_stock':
      return 'out of stock';
    case 'failed':
      return `failed: ${outcome.message}`;
  }
}

/** The counts of a report in a sentence, and whether anything changed. */
export function summarizeReport({ kind, results, counts, changed }: ImportReport): string {
  const parts =
    kind === 'batches'
      ? [`${counts.created} created`, `${counts.unchanged} unchanged`]
      : [
          `${counts.allocated} allocated`,
          `${counts.already_allocated} already allocated`,
          `${counts.out_of_stock} out of stock`,
        ];
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  const total = `${results.length} ${results.length === 1 ? 'row' : 'rows'}: ${parts.join(', ')}.`;
  if (changed) return total;
  return `${total} Nothing changed${counts.out_of_stock === 0 ? ': every row was there already' : ''}.`;
}
