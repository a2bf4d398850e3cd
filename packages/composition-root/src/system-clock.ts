import type { Clock } from '@allocation/domain';

/** The time of day: the one place the service reads it. Tests pass a fake clock instead. */
export const systemClock: Clock = { now: () => new Date() };
