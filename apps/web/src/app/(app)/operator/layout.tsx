import type { ReactNode } from 'react';
import { RoleRefusal } from '../../../components/role-refusal';
import { accessOf, requireActor } from '../../../lib/session';

/** The operators' pages change stock: operators and admins only. */
export default async function OperatorLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  if (!accessOf(actor.role).operate) {
    return (
      <RoleRefusal
        role={actor.role}
        needs="operator"
        may="change stock: allocate, add or change batches, or deallocate"
      />
    );
  }
  return children;
}
