import { type Actor, getApp, mayAct, type Role } from '@allocation/composition-root';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { REQUEST_PATH_HEADER } from './request-path';

/** The signed-in user behind this request's session cookie, asked once per request. */
export const currentActor = cache(async (): Promise<Actor | undefined> => {
  const identity = await (await getApp()).identity();
  return identity.actorFromSession(await headers());
});

/**
 * The signed-in user, or away: to first-run setup while nobody exists, else to sign-in with the path
 * asked for, to come back to it.
 */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (actor) return actor;
  const identity = await (await getApp()).identity();
  if (!(await identity.hasUsers())) redirect('/setup');
  const path = (await headers()).get(REQUEST_PATH_HEADER);
  redirect(path && path !== '/' ? `/sign-in?next=${encodeURIComponent(path)}` : '/sign-in');
}

/** What a role may see and open in the app: what the navigation shows and each area's layout checks. */
export interface Access {
  readonly read: boolean;
  readonly operate: boolean;
  readonly administer: boolean;
}

export const accessOf = (role: Role): Access => ({
  read: mayAct(role, 'manager'),
  operate: mayAct(role, 'operator'),
  administer: mayAct(role, 'admin'),
});
