/**
 * The better-auth instance: email + password (no public sign-up: admins create users, the first admin
 * comes from the setup page or ADMIN_EMAIL/ADMIN_PASSWORD), its admin plugin with our three roles,
 * sessions in PostgreSQL that expire after an idle time, and both throttles stored in PostgreSQL.
 */
import type { PrismaClient } from '@allocation/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, createAuthMiddleware, getIP, isAPIError } from 'better-auth/api';
import { createAccessControl } from 'better-auth/plugins/access';
import { admin } from 'better-auth/plugins/admin';
import { adminAc, defaultStatements } from 'better-auth/plugins/admin/access';
import { MIN_PASSWORD_LENGTH } from './new-user.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

export interface AuthSettings {
  /** Signs session cookies; at least 32 characters. */
  readonly secret: string;
  /** The app's public origin, e.g. http://localhost:3000; https makes cookies Secure. */
  readonly appUrl: string;
  /** A session not used for this long ends. Default 12. */
  readonly sessionIdleHours?: number;
}

export const AUTH_BASE_PATH = '/api/auth';

// better-auth's admin statements: only admins manage users and sessions.
const accessControl = createAccessControl(defaultStatements);
const roles = {
  manager: accessControl.newRole({ user: [], session: [] }),
  operator: accessControl.newRole({ user: [], session: [] }),
  admin: adminAc,
};

const SIGN_IN_PATH = '/sign-in/email';

export function createBetterAuth(prisma: PrismaClient, settings: AuthSettings, throttle: SignInThrottle) {
  const idleSeconds = Math.round((settings.sessionIdleHours ?? 12) * 3600);
  const secure = new URL(settings.appUrl).protocol === 'https:';
  const attemptOf = (ctx: {
    body?: unknown;
    request?: Request | undefined;
    headers?: Headers | undefined;
  }) => {
    const email = (ctx.body as { email?: unknown } | undefined)?.email;
    const source = ctx.request ?? ctx.headers;
    return typeof email === 'string' ? { email, address: source ? getIP(source, options) : null } : undefined;
  };
  const options = {
    appName: 'Allocation',
    baseURL: settings.appUrl,
    basePath: AUTH_BASE_PATH,
    secret: settings.secret,
    trustedOrigins: [new URL(settings.appUrl).origin],
    database: prismaAdapter(prisma, { provider: 'postgresql', transaction: true }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH },
    session: {
      // Idle expiry: every use more than `updateAge` after the last refresh moves expiry on by `expiresIn`.
      expiresIn: idleSeconds,
      updateAge: Math.max(60, Math.min(3600, Math.floor(idleSeconds / 12))),
      cookieCache: { enabled: false },
    },
    // Per address and path, for every auth endpoint; failed sign-ins have their own throttle below.
    rateLimit: { enabled: true, storage: 'database' as const, window: 60, max: 100 },
    advanced: {
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' as const, secure },
    },
    telemetry: { enabled: false },
    plugins: [admin({ ac: accessControl, roles, defaultRole: 'manager', adminRoles: ['admin'] })],
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const attempt = attemptOf(ctx);
        if (!attempt) return;
        const decision = await throttle.check(attempt);
        if (!decision.allowed) {
          throw new APIError(
            'TOO_MANY_REQUESTS',
            { message: decision.message, code: 'TOO_MANY_FAILED_SIGN_INS' },
            { 'Retry-After': String(decision.retryAfterSeconds) },
          );
        }
        if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const attempt = attemptOf(ctx);
        if (!attempt) return;
        const returned = ctx.context.returned;
        if (isAPIError(returned)) {
          if (returned.statusCode === 401) await throttle.recordFailure(attempt);
        } else {
          await throttle.recordSuccess(attempt);
        }
      }),
    },
  };
  return betterAuth(options);
}

export type BetterAuthInstance = ReturnType<typeof createBetterAuth>;
