import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { z } from 'zod';
import type { CsvProblem } from './csv-problems.ts';

export interface CsvTableSpec<Row> {
  /** The file's name as problems show it. */
  readonly file: string;
  /** The header the file must start with, in this order. */
  readonly columns: readonly string[];
  /** Checks one row, given as `{ column: text }`, and turns it into a value. */
  readonly row: z.ZodType<Row>;
}

export interface CsvRow<Row> {
  /** Where the row starts in the file (the header is line 1). */
  readonly line: number;
  readonly value: Row;
}

export interface CsvTable<Row> {
  readonly rows: readonly CsvRow<Row>[];
  /** Every problem found, in file order; the rows hold only the good ones. */
  readonly problems: readonly CsvProblem[];
}

export type CsvSource = string | Uint8Array | AsyncIterable<string | Uint8Array> | NodeJS.ReadableStream;

/**
 * Reads a CSV file as it streams in (csv-parse, RFC 4180 quoting, a UTF-8 BOM ignored, blank lines
 * skipped) and checks the header and every row, collecting every problem rather than stopping at
 * the first, so the caller can list them all.
 */
export async function readCsvTable<Row>(source: CsvSource, spec: CsvTableSpec<Row>): Promise<CsvTable<Row>> {
  const rows: CsvRow<Row>[] = [];
  const problems: CsvProblem[] = [];
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true });
  const input =
    typeof source === 'string' || source instanceof Uint8Array
      ? Readable.from([source])
      : Readable.from(source);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let sawHeader = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      // csv-parse counts the line a record ends on; a quoted value may span several.
      const line = info.lines - record.reduce((sum, value) => sum + newlines(value), 0);
      if (!sawHeader) {
        sawHeader = true;
        const problem = headerProblem(record, spec, line);
        if (problem) return { rows, problems: [problem] };
        continue;
      }
      const checked = checkRow(record, spec, line);
      if ('value' in checked) rows.push({ line, value: checked.value });
      else problems.push(...checked.problems);
    }
  } catch (error) {
    const at = (error as { lines?: unknown }).lines;
    problems.push({
      file: spec.file,
      line: typeof at === 'number' ? at : 1,
      message: `not readable as CSV: ${error instanceof Error ? error.message : String(error)}`,
    });
    return { rows, problems };
  }
  if (!sawHeader) {
    problems.push({
      file: spec.file,
      line: 1,
      message: `the file is empty; expected the header ${spec.columns.join(',')}`,
    });
  }
  return { rows, problems };
}

function headerProblem(record: string[], spec: CsvTableSpec<unknown>, line: number): CsvProblem | undefined {
  const found = record.map((name) => name.trim().toLowerCase());
  const index = spec.columns.findIndex((name, i) => found[i] !== name);
  const extra = found.length > spec.columns.length ? spec.columns.length : -1;
  const at = index >= 0 ? index : extra;
  if (at < 0) return undefined;
  return {
    file: spec.file,
    line,
    column: { number: at + 1 },
    message: `expected the header ${spec.columns.join(',')}, found ${record.join(',')}`,
  };
}

function checkRow<Row>(
  record: string[],
  spec: CsvTableSpec<Row>,
  line: number,
): { value: Row } | { problems: CsvProblem[] } {
  const { file, columns } = spec;
  if (record.length !== columns.length) {
    const missing = record.length < columns.length;
    const number = missing ? record.length + 1 : columns.length + 1;
    return {
      problems: [
        {
          file,
          line,
          column: missing ? { number, name: columns[record.length] } : { number },
          message: `expected ${columns.length} values (${columns.join(',')}), found ${record.length}`,
        },
      ],
    };
  }
  const fields = Object.fromEntries(columns.map((name, i) => [name, record[i]]));
  const result = spec.row.safeParse(fields);
  if (result.success) return { value: result.data };
  return {
    problems: result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const index = columns.indexOf(name);
      return {
        file,
        line,
        ...(index >= 0 ? { column: { number: index + 1, name } } : {}),
        message: issue.message,
      };
    }),
  };
}

const newlines = (value: string): number => value.split('\n').length - 1;
