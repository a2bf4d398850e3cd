import { InvalidDate, InvalidIdentifier, InvalidQuantity, type ValueName } from './errors.ts';

/** A day in the calendar, "YYYY-MM-DD": ETAs have no time of day, so no time zone can shift them. */
export type CalendarDate = string & { readonly __brand: 'CalendarDate' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function calendarDate(value: string): CalendarDate {
  if (!isCalendarDate(value)) throw new InvalidDate(value);
  return value;
}

/** "YYYY-MM-DD" naming a day that exists (no 2026-02-30). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const MAX_IDENTIFIER_LENGTH = 255;

export function identifier(field: ValueName, value: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_IDENTIFIER_LENGTH) {
    throw new InvalidIdentifier(
      field,
      value,
      `must be a non-empty string of at most ${MAX_IDENTIFIER_LENGTH} characters`,
    );
  }
  if (hasControlCharacters(value))
    throw new InvalidIdentifier(field, value, 'must not contain control characters');
  return value;
}

/** Control characters (NUL among them, which PostgreSQL cannot store in text) have no place in a name. */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Quantities are whole units; the database stores them as 32-bit integers. */
export const MAX_QUANTITY = 2_147_483_647;

export function quantity(field: ValueName, value: number, { min }: { min: 0 | 1 }): number {
  if (!Number.isInteger(value)) throw new InvalidQuantity(field, value, 'must be a whole number');
  if (value < min) throw new InvalidQuantity(field, value, `must be at least ${min}`);
  if (value > MAX_QUANTITY) throw new InvalidQuantity(field, value, `must be at most ${MAX_QUANTITY}`);
  return value;
}
