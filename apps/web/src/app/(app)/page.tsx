import { redirect } from 'next/navigation';
import { accessOf, requireActor } from '../../lib/session';

/** Each role starts where its work is. */
export default async function Home() {
  const actor = await requireActor();
  redirect(accessOf(actor.role).operate ? '/operator/allocate' : '/manager/dashboard');
}
