import type { BetterAuthIdentity } from '@allocation/auth';
import { StoreUnavailable } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import { reportingUnavailability } from '../src/identity.ts';

/** What Prisma throws when PostgreSQL is down (seen by `pnpm test:faults` as a 500 on every REST call). */
const unreachable = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
  code: 'P1001',
});

function identityFailingWith(error: unknown): BetterAuthIdentity {
  const fail = async () => {
    throw error;
  };
  return {
    verifyApiKey: fail,
    actorFromSession: fail,
    hasUsers: fail,
  } as unknown as BetterAuthIdentity;
}

describe('identity while the database is away', () => {
  it('rejects API-key and session checks with StoreUnavailable (a 503), not the driver error (a 500)', async () => {
    const identity = reportingUnavailability(identityFailingWith(unreachable));
    await expect(identity.verifyApiKey('Bearer x')).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(identity.actorFromSession(new Headers())).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(identity.hasUsers()).rejects.toBeInstanceOf(StoreUnavailable);
  });

  it('leaves other failures as they are', async () => {
    const bug = new TypeError('a bug');
    const identity = reportingUnavailability(identityFailingWith(bug));
    await expect(identity.verifyApiKey('Bearer x')).rejects.toBe(bug);
  });
});
