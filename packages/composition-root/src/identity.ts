/**
 * Identity for the application: the secret rule, the better-auth identity on the app's database,
 * and the first admin from ADMIN_EMAIL/ADMIN_PASSWORD (created while no user exists, never over one).
 */
import {
  type BetterAuthIdentity,
  createIdentity,
  type RevocationFeed,
  readOrCreateSecret,
} from '@allocation/auth';
import { isUnavailability, type PrismaClient } from '@allocation/db';
import { type Clock, type Logger, StoreUnavailable } from '@allocation/domain';
import { type Config, requireAuthSecret } from './config.ts';

/** AUTH_SECRET, or on the embedded default the one kept in the data folder (made on first use). */
export async function resolveAuthSecret(config: Config): Promise<string> {
  return requireAuthSecret(config) ?? (await readOrCreateSecret(config.dataDir));
}

export async function openIdentity(
  config: Config,
  prisma: PrismaClient,
  logger: Logger,
  clock: Clock,
  revocations?: RevocationFeed,
): Promise<BetterAuthIdentity> {
  const identity = createIdentity(prisma, {
    ...(revocations ? { revocations } : {}),
    secret: await resolveAuthSecret(config),
    appUrl: config.appUrl,
    sessionIdleHours: config.sessionIdleHours,
    // API keys' and the sign-in throttle's times (better-auth dates its own session rows).
    now: () => clock.now(),
  });
  if (config.firstAdmin) {
    const outcome = await identity.createFirstAdmin(config.firstAdmin);
    logger.info(
      outcome === 'created'
        ? 'First admin created from ADMIN_EMAIL and ADMIN_PASSWORD'
        : 'ADMIN_EMAIL left unused: users exist already',
      { email: config.firstAdmin.email },
    );
  }
  return reportingUnavailability(identity);
}

/**
 * Identity reads the app's database through Prisma: when the database is away, the checks every
 * request goes through (an API key, a session) reject with `StoreUnavailable`, which the entry points
 * answer with 503 / SERVICE_UNAVAILABLE, as they do for the bus and the views, instead of a 500.
 */
export function reportingUnavailability<I extends BetterAuthIdentity>(identity: I): I {
  const guard =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await method(...args);
      } catch (error) {
        if (error instanceof StoreUnavailable || !isUnavailability(error)) throw error;
        throw new StoreUnavailable(undefined, { cause: error });
      }
    };
  return {
    ...identity,
    verifyApiKey: guard(identity.verifyApiKey.bind(identity)),
    actorFromSession: guard(identity.actorFromSession.bind(identity)),
    hasUsers: guard(identity.hasUsers.bind(identity)),
  };
}

// What the web app needs of @allocation/auth, through the one package it already depends on.
export { type Actor, authorize, type Identity, InvalidNewUser, mayAct, type Role } from '@allocation/auth';
