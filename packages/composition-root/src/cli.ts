import { resolve } from 'node:path';
import type { Logger } from '@allocation/domain';
import pino from 'pino';

/**
 * For command-line tools: stdout carries the result, so logs go to stderr, and only warnings
 * and errors unless LOG_LEVEL asks for more.
 */
export function createCliLogger(level = process.env.LOG_LEVEL || 'warn'): Logger {
  const log = pino({ level, base: { service: 'allocation-cli' } }, pino.destination(2));
  return {
    info: (message, context) => log.info(context ?? {}, message),
    warn: (message, context) => log.warn(context ?? {}, message),
    error: (message, context) => log.error(context ?? {}, message),
  };
}

/** A path given on the command line, relative to where the user ran `pnpm` (not the package's folder). */
export const userPath = (path: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), path);
