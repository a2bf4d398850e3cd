import { rename, writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';

/**
 * Writes a whole CSV file (header first, RFC 4180 quoting) through a temporary file and a rename,
 * so a reader or a crash never sees half a file.
 */
export async function writeCsvFile(
  path: string,
  columns: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): Promise<void> {
  const text = stringify([columns, ...rows.map((row) => row.map((value) => value ?? ''))]);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}
