/**
 * Failed sign-ins, counted per address and per account in PostgreSQL (so every instance sees the
 * same counts): after `slowAfter` failures each further attempt is answered more slowly, and at the
 * limit the attempt is refused (429) until the window has passed. A successful sign-in clears the
 * account's count, not the address's (one known password must not reset a guessing address).
 */
import type { PrismaClient } from '@allocation/db';

export interface SignInThrottleSettings {
  /** How long failures are remembered, from the first one. Default 15 minutes. */
  readonly windowSeconds: number;
  /** Failures for one account within the window before further attempts are refused. Default 5. */
  readonly maxPerAccount: number;
  /** Failures from one address within the window before further attempts are refused. Default 20. */
  readonly maxPerAddress: number;
  /** Failures (of either kind) after which each attempt is delayed. Default 3. */
  readonly slowAfter: number;
  /** The delay per failure beyond `slowAfter`, capped at 5 s. Default 500 ms. */
  readonly delayMs: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleSettings = {
  windowSeconds: 15 * 60,
  maxPerAccount: 5,
  maxPerAddress: 20,
  slowAfter: 3,
  delayMs: 500,
};

export type ThrottleDecision =
  | { readonly allowed: true; readonly delayMs: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly message: string };

const MAX_DELAY_MS = 5_000;

export class SignInThrottle {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly settings: SignInThrottleSettings = DEFAULT_SIGN_IN_THROTTLE,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Before checking a password: may this address try this account now, and after what delay? */
  async check(attempt: { email: string; address: string | null }): Promise<ThrottleDecision> {
    const now = this.now();
    const since = new Date(now.getTime() - this.settings.windowSeconds * 1000);
    const rows = await this.prisma.signInFailure.findMany({
      where: { key: { in: keysOf(attempt) }, windowStartsAt: { gt: since } },
    });
    const account = rows.find((row) => row.key === accountKey(attempt.email));
    const address = rows.find((row) => row.key !== accountKey(attempt.email));
    const retryAfter = (windowStartsAt: Date) =>
      Math.max(1, Math.ceil((windowStartsAt.getTime() - since.getTime()) / 1000));
    if (account && account.failures >= this.settings.maxPerAccount) {
      return {
        allowed: false,
        retryAfterSeconds: retryAfter(account.windowStartsAt),
        message: `Too many failed sign-ins for this account: try again in ${minutes(retryAfter(account.windowStartsAt))}`,
      };
    }
    if (address && address.failures >= this.settings.maxPerAddress) {
      return {
        allowed: false,
        retryAfterSeconds: retryAfter(address.windowStartsAt),
        message: `Too many failed sign-ins from this address: try again in ${minutes(retryAfter(address.windowStartsAt))}`,
      };
    }
    const failures = Math.max(account?.failures ?? 0, address?.failures ?? 0);
    const beyond = failures - this.settings.slowAfter;
    return {
      allowed: true,
      delayMs: beyond > 0 ? Math.min(MAX_DELAY_MS, beyond * this.settings.delayMs) : 0,
    };
  }

  /** After a wrong email or password: one more failure for the account and the address. */
  async recordFailure(attempt: { email: string; address: string | null }): Promise<void> {
    const now = this.now();
    const since = new Date(now.getTime() - this.settings.windowSeconds * 1000);
    // One statement per key, so concurrent failures on several instances all count.
    for (const key of keysOf(attempt)) {
      await this.prisma.$executeRaw`
        INSERT INTO sign_in_failures (key, failures, window_starts_at) VALUES (${key}, 1, ${now})
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN sign_in_failures.window_starts_at <= ${since} THEN 1
                          ELSE sign_in_failures.failures + 1 END,
          window_starts_at = CASE WHEN sign_in_failures.window_starts_at <= ${since} THEN ${now}
                                  ELSE sign_in_failures.window_starts_at END`;
    }
  }

  /** After a successful sign-in: the account starts afresh. */
  async recordSuccess(attempt: { email: string }): Promise<void> {
    await this.prisma.signInFailure.deleteMany({ where: { key: accountKey(attempt.email) } });
  }
}

const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;

const keysOf = (attempt: { email: string; address: string | null }) => [
  accountKey(attempt.email),
  ...(attempt.address ? [`ip:${attempt.address}`] : []),
];

const minutes = (seconds: number) =>
  seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}`;
