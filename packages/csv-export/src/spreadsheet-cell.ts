/** A value as a spreadsheet reads it right, whatever the locale of whoever opens the file. */
export type CellValue = string | number | Date | null | undefined;

/**
 * Characters a spreadsheet takes as the start of a formula (`=`, `+`, `-`, `@`) or that some
 * apply before looking (tab, carriage return): text starting with one gets a leading `'`, which
 * spreadsheets show as text and do not run (OWASP's advice on CSV injection). Only text is changed:
 * a number (an available quantity of -3) stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Instants as ISO 8601 in UTC (`2026-12-02T09:15:00.000Z`), numbers as plain digits (no thousands
 * separators), nothing as an empty cell; quoting is the CSV writer's (RFC 4180).
 */
export function spreadsheetCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}
