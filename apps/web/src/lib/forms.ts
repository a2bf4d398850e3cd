import { schemaResolver, useForm } from '@mantine/form';
import { z } from 'zod';

/** What a number input holds: a number, or '' when it is empty. */
export type NumberField = number | string;

/** Which fields of a form hold something other than the API's value as it is. */
export interface FieldKinds {
  /** Number inputs: empty means missing, so the schema says the field is required. */
  readonly numbers?: readonly string[];
  /** Date inputs: empty means "no date" (null). */
  readonly dates?: readonly string[];
  /** Optional text filters: blank means "not given". */
  readonly optional?: readonly string[];
}

/** Form values as the inputs hold them, turned into what the API's schema expects (a copy). */
export function formInput(values: Record<string, unknown>, kinds: FieldKinds = {}): Record<string, unknown> {
  const input: Record<string, unknown> = { ...values };
  for (const key of kinds.numbers ?? []) {
    const value = input[key];
    if (value === '' || value === null) input[key] = undefined;
    else if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
      input[key] = Number(value);
  }
  for (const key of kinds.dates ?? []) if (input[key] === '') input[key] = null;
  for (const key of kinds.optional ?? []) {
    const value = input[key];
    if (typeof value === 'string' && value.trim() === '') input[key] = undefined;
  }
  return input;
}

/**
 * A contract's schema read through a form's inputs: the same rules the server applies, with an
 * empty number meaning "missing" and an empty date meaning "none".
 */
export function formSchema<S extends z.ZodType>(schema: S, kinds: FieldKinds = {}) {
  return z.preprocess((values) => formInput(values as Record<string, unknown>, kinds), schema);
}

/** Every problem of a value, first message per field path: Mantine's Standard Schema resolver. */
export function problemsOf(schema: z.ZodType, value: unknown) {
  return schemaResolver(schema, { sync: true })(value);
}

/**
 * A form validated by a contract's schema (errors beside each field) whose submit handler gets the
 * API's input, parsed by that schema. Validation reads a copy of the values: a field always keeps
 * exactly what the user typed.
 */
export function useSchemaForm<Values extends Record<string, unknown>, S extends z.ZodType>({
  schema,
  initialValues,
}: {
  schema: S;
  initialValues: Values;
}) {
  return useForm<Values, z.output<S>>({
    mode: 'controlled',
    initialValues,
    validate: schemaResolver(schema, { sync: true }),
    transformValues: (values) => schema.parse(values),
  });
}
