import { schemaResolver, type UseFormReturnType, useForm } from '@mantine/form';
import { useState } from 'react';
import { z } from 'zod';
import { serverProblem } from './errors';

/** Which fields of a form hold something other than the API's value as it is. */
export interface FieldKinds {
  /** Date inputs: empty means "no date" (null). */
  readonly dates?: readonly string[];
  /** Optional text filters: blank means "not given". */
  readonly optional?: readonly string[];
}

/** Form values as the inputs hold them, turned into what the API's schema expects (a copy). */
export function formInput(values: Record<string, unknown>, kinds: FieldKinds = {}): Record<string, unknown> {
  const input: Record<string, unknown> = { ...values };
  for (const key of kinds.dates ?? []) if (input[key] === '') input[key] = null;
  for (const key of kinds.optional ?? []) {
    const value = input[key];
    if (typeof value === 'string' && value.trim() === '') input[key] = undefined;
  }
  return input;
}

/**
 * A contract's schema read through a form's inputs: the same rules the server applies, with an
 * empty date meaning "none". Quantities are text fields read by the contracts' form schemas
 * (`addBatchForm`, …), so what was typed is never turned into another number.
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
 * exactly what the user typed. `name` tells this form's inputs from another form's on the same page
 * (where a refusal moves the focus, see `useFormRefusal`).
 */
export function useSchemaForm<Values extends Record<string, unknown>, S extends z.ZodType>({
  name,
  schema,
  initialValues,
}: {
  name: string;
  schema: S;
  initialValues: Values;
}) {
  return useForm<Values, z.output<S>>({
    name,
    mode: 'controlled',
    initialValues,
    validate: schemaResolver(schema, { sync: true }),
    transformValues: (values) => schema.parse(values),
  });
}

/**
 * The server's refusal of a form's submission, shown where it belongs: beside the field it names,
 * which then takes the focus, or above the button (`FormProblem`, announced, which takes the focus
 * if nothing else holds it). `rename` maps an API field to the form field showing it. Focus never
 * falls back to the page body, where the disabled submit button leaves it.
 */
export function useFormRefusal<Values extends Record<string, unknown>, Out>(
  form: Pick<UseFormReturnType<Values, (values: Values) => Out>, 'setErrors' | 'getInputNode'>,
  fields: readonly string[],
  rename: Readonly<Record<string, string>> = {},
) {
  const [problem, setProblem] = useState<string | null>(null);
  const refuse = (error: unknown) => {
    const found = serverProblem(error, fields);
    const fieldErrors = Object.fromEntries(
      Object.entries(found.fieldErrors).map(([field, message]) => [rename[field] ?? field, message]),
    );
    form.setErrors(fieldErrors);
    setProblem(found.message);
    const first = Object.keys(fieldErrors)[0];
    // After React has rendered the error (and re-enabled what the pending call disabled).
    if (first) setTimeout(() => form.getInputNode(first)?.focus(), 0);
  };
  return { problem, refuse, clear: () => setProblem(null), setProblem };
}
