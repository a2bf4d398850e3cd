import type { Role } from '@allocation/composition-root';
import { ProblemPage } from './problem-page';

/**
 * What a page says to a signed-in user whose role may not use it (a link kept from another role, a
 * typed address). The server refuses its calls anyway; this says so before anything is tried.
 */
export function RoleRefusal({ role, needs, may }: { role: Role; needs: Role; may: string }) {
  return (
    <ProblemPage kicker="403 · Not for your role" title={`Your role (${role}) may not ${may}`}>
      This needs the {needs} role. The navigation shows what your role may use; ask an admin if you need more.
    </ProblemPage>
  );
}
