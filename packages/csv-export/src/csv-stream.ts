import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { CsvColumn } from './list-csv.ts';
import { spreadsheetCell } from './spreadsheet-cell.ts';

/**
 * Rows as a CSV byte stream: a header row, then one record per row as the consumer reads (the rows
 * are pulled only as fast as the stream is read, so memory stays flat however many). RFC 4180:
 * CRLF between records, a field quoted when it holds a comma, a quote or a line break. A UTF-8 BOM
 * first, so spreadsheets read accents as such. When the consumer stops reading (a cancelled
 * download), the rows' iterator is closed, which releases what it holds (a cursor's connection).
 */
export function csvStream<T>(rows: AsyncIterable<T>, columns: readonly CsvColumn<T>[]): Readable {
  const records = Readable.from(
    (async function* () {
      for await (const row of rows) yield columns.map((column) => spreadsheetCell(column.cell(row)));
    })(),
  );
  const writer = stringify({
    header: true,
    columns: columns.map((column) => column.header),
    record_delimiter: 'windows',
    bom: true,
  });
  return pipeline(records, writer, () => {
    // Errors reach the reader through the returned stream, which pipeline destroys with them.
  });
}
