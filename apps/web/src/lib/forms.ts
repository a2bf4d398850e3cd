import type { z } from 'zod';

/** First message per field, keyed by field name ("_form" for a rule about the whole form). */
export type FieldErrors = Record<string, string>;

/** What a number input holds: a number, or '' when it is empty. */
export type NumberField = number | string;

/**
 * Form values as the inputs hold them, turned into what the API's schema expects: an empty
 * number input means "missing" (so the schema says the field is required) and an empty date
 * means "no date" (null).
 */
export function formInput(
  values: Record<string, unknown>,
  { numbers = [], dates = [] }: { numbers?: readonly string[]; dates?: readonly string[] } = {},
): Record<string, unknown> {
  const input: Record<string, unknown> = { ...values };
  for (const key of numbers) {
    const value = input[key];
    if (value === '' || value === null) input[key] = undefined;
    else if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
      input[key] = Number(value);
  }
  for (const key of dates) if (input[key] === '') input[key] = null;
  return input;
}

/** Validates with one of the API's zod schemas: the same rules the server applies. */
export function validateWith(schema: z.ZodType, input: unknown): FieldErrors {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    errors[key] ??= issue.message;
  }
  return errors;
}
