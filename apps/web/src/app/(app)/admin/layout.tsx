import type { ReactNode } from 'react';
import { RoleRefusal } from '../../../components/role-refusal';
import { accessOf, requireActor } from '../../../lib/session';

/** Users and API keys: admins only. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  if (!accessOf(actor.role).administer) {
    return <RoleRefusal role={actor.role} needs="admin" may="manage users or API keys" />;
  }
  return children;
}
