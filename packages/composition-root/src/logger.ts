import type { Logger } from '@allocation/domain';
import pino from 'pino';

/** Structured JSON logs (pino) behind the domain's Logger port. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  const log = pino({ level, base: { service: 'allocation', ...base } });
  return {
    info: (message, context) => log.info(context ?? {}, message),
    warn: (message, context) => log.warn(context ?? {}, message),
    error: (message, context) => log.error(context ?? {}, message),
  };
}
