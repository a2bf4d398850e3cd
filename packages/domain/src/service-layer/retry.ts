// Every JavaScript host has timers; the domain compiles without any host's type definitions.
declare const setTimeout: (callback: () => void, ms: number) => unknown;

export interface RetryPolicy {
  /** Total tries of one handler, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Injected so tests run without waiting and without chance. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 10,
  baseDelayMs: 5,
  maxDelayMs: 200,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** "Full jitter" backoff: a random wait up to an exponentially growing cap, so racing writers spread out. */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return policy.random() * cap;
}
