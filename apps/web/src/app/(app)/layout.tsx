import type { ReactNode } from 'react';
import { Shell } from '../../components/shell';
import { COUNT_ONLY, OPEN_ALERTS_COUNT } from '../../lib/nav-counts';
import { accessOf, requireActor } from '../../lib/session';
import { HydrateClient, prefetch, trpc } from '../../trpc/server';

/**
 * Every page of the app needs a signed-in user (anonymous visitors go to sign-in, or to setup while
 * nobody exists). The shell shows who they are and only what their role may use.
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const access = accessOf(actor.role);
  // The navigation's badges are on every page, for those who may read them.
  if (access.read) {
    await prefetch(
      trpc.alert.outOfStock.queryOptions(OPEN_ALERTS_COUNT),
      trpc.deadLetter.list.queryOptions(COUNT_ONLY),
    );
  }
  return (
    <HydrateClient>
      <Shell user={{ name: actor.name, role: actor.role }} access={access}>
        {children}
      </Shell>
    </HydrateClient>
  );
}
