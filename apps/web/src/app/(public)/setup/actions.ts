'use server';

import { getApp, InvalidNewUser } from '@allocation/composition-root';

export type SetupResult = { ok: true } | { ok: false; message: string };

/** Creates the first admin; refused once any user exists (the rule lives in @allocation/auth). */
export async function createFirstAdmin(input: {
  name: string;
  email: string;
  password: string;
}): Promise<SetupResult> {
  const identity = await (await getApp()).identity();
  try {
    const outcome = await identity.createFirstAdmin(input);
    return outcome === 'created'
      ? { ok: true }
      : {
          ok: false,
          message: 'Setup is done already: a user exists. Sign in, or ask an admin for an account.',
        };
  } catch (error) {
    if (error instanceof InvalidNewUser) return { ok: false, message: error.message };
    throw error;
  }
}
