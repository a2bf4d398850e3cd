/**
 * Everything the transports and the launcher need of identity, on one database: the better-auth
 * HTTP handler (mounted at /api/auth), the actor behind a request's session cookie or API key, key
 * management, and the first admin. A transport's wiring is: actor = await identity.actorFrom...(),
 * then `authorize(actor, requiredRole)` from ./roles.ts.
 */
import type { PrismaClient } from '@allocation/db';
import { getSessionCookie } from 'better-auth/cookies';
import type { Administration } from './administration.ts';
import { PrismaApiKeyStore } from './api-key-store.ts';
import { type ApiKeyRow, ApiKeys, type ApiKeyVerdict } from './api-keys.ts';
import { type AuthSettings, type BetterAuthInstance, createBetterAuth } from './better-auth.ts';
import { createFirstAdmin, type FirstAdminOutcome } from './first-admin.ts';
import { checkNewUser, type NewUser } from './new-user.ts';
import { prismaAdministration } from './prisma-administration.ts';
import { type Actor, isRole, type Role } from './roles.ts';
import { DEFAULT_SIGN_IN_THROTTLE, SignInThrottle, type SignInThrottleSettings } from './sign-in-throttle.ts';
import { type RevocationFeed, VerifiedCache } from './verified-cache.ts';

export interface Identity {
  /** Serves /api/auth/* (sign-in, sign-out, session, admin endpoints). */
  handler(request: Request): Promise<Response>;
  /** The signed-in user behind a request's session cookie, if any (tRPC and pages). */
  actorFromSession(headers: Headers): Promise<Actor | undefined>;
  /** The API key behind an `Authorization` header value (REST), or why there is none. */
  verifyApiKey(authorization: string | null | undefined): Promise<ApiKeyVerdict>;
  readonly apiKeys: ApiKeys;
  /** Users and keys as admins manage them (the admin screens), with the rules that keep an admin. */
  readonly administration: Administration;
  /** False until the first user exists: the setup page is open only then. */
  hasUsers(): Promise<boolean>;
  createFirstAdmin(input: NewUser): Promise<FirstAdminOutcome>;
  /** Creates a user with that role unless one with that email exists (demo seed, admin screens). */
  ensureUser(input: NewUser & { role: Role }): Promise<'created' | 'exists'>;
}

/** The real one: better-auth itself too, for the admin screens (auth.api.listUsers, setRole, banUser...). */
export interface BetterAuthIdentity extends Identity {
  readonly auth: BetterAuthInstance;
}

export interface IdentitySettings extends AuthSettings {
  readonly signInThrottle?: Partial<SignInThrottleSettings>;
  readonly now?: () => Date;
  /** Given: verified API keys and sessions are cached briefly, dropped at once on any revocation it reports. */
  readonly revocations?: RevocationFeed;
}

export function createIdentity(prisma: PrismaClient, settings: IdentitySettings): BetterAuthIdentity {
  const now = settings.now ?? (() => new Date());
  const throttle = new SignInThrottle(
    prisma,
    { ...DEFAULT_SIGN_IN_THROTTLE, ...settings.signInThrottle },
    now,
  );
  const auth = createBetterAuth(prisma, settings, throttle);
  const apiKeys = new ApiKeys(
    new PrismaApiKeyStore(prisma),
    now,
    settings.revocations ? new VerifiedCache<ApiKeyRow>(settings.revocations) : undefined,
  );
  // Signed-in users by session token: a busy browser's calls need not each check the cookie's
  // signature and read the session and user. Ended sessions and changed users are revocations.
  const sessions = settings.revocations ? new VerifiedCache<Actor>(settings.revocations) : undefined;
  return {
    auth,
    handler: (request) => auth.handler(request),
    async actorFromSession(headers) {
      const token = sessions ? getSessionCookie(headers) : null;
      const cached = token ? sessions?.get(token) : undefined;
      if (cached) return cached;
      const generation = sessions?.generation ?? 0;
      const session = await auth.api.getSession({ headers });
      if (!session) return undefined;
      // The admin plugin's fields (its types do not reach getSession's result here).
      const user = session.user as typeof session.user & { role?: string | null; banned?: boolean | null };
      if (user.banned || !isRole(user.role)) return undefined;
      const actor: Actor = { kind: 'user', id: user.id, name: user.name, role: user.role };
      // Kept under the very cookie value that verified, never past the session's end.
      if (token && sessions) {
        sessions.set(token, actor, generation, session.session.expiresAt.getTime() - Date.now());
      }
      return actor;
    },
    verifyApiKey: (authorization) => apiKeys.verify(authorization),
    apiKeys,
    administration: prismaAdministration(prisma, auth, apiKeys),
    hasUsers: async () => (await prisma.user.count()) > 0,
    createFirstAdmin: (input) => createFirstAdmin(prisma, auth, input),
    async ensureUser(input) {
      const user = checkNewUser(input);
      if (await prisma.user.findUnique({ where: { email: user.email } })) return 'exists';
      await auth.api.createUser({ body: { ...user, role: input.role } });
      return 'created';
    },
  };
}
