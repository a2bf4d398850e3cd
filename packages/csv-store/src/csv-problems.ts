/** What is wrong with a CSV file, where: the file, the line (1 = the header) and the column. */
export interface CsvProblem {
  readonly file: string;
  /** Absent when the problem is the file itself (missing, unreadable). */
  readonly line?: number;
  /** 1-based, with the header's name for it when the file has that column. */
  readonly column?: { readonly number: number; readonly name?: string };
  readonly message: string;
}

/** "orders.csv, line 4, column 3 (qty): Quantity must be at least 1" */
export function describeProblem({ file, line, column, message }: CsvProblem): string {
  const where = column ? `, column ${column.number}${column.name ? ` (${column.name})` : ''}` : '';
  return line === undefined ? `${file}: ${message}` : `${file}, line ${line}${where}: ${message}`;
}

/** Input refused: nothing was done with it. Carries every problem found. */
export class CsvInputError extends Error {
  override readonly name = 'CsvInputError';
  constructor(readonly problems: readonly CsvProblem[]) {
    super(problems.map(describeProblem).join('\n'));
  }
}
