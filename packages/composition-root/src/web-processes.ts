/**
 * How many web processes `pnpm start` runs and how many database connections each may hold.
 *
 * On PostgreSQL: WEB_CONCURRENCY processes (default: one per core, at most DB_POOL_SIZE) share the port, and DB_POOL_SIZE
 * is the web tier's total, divided evenly among them, so adding processes never adds connections.
 * On the embedded database: one process, whatever WEB_CONCURRENCY says, because one process owns the
 * data folder and PGlite runs one statement at a time anyway.
 */
import type { ConnectionLimits } from '@allocation/db';
import { type Config, ConfigError } from './config.ts';

export interface WebProcessPlan {
  readonly processes: number;
  /** The pool of each web process (its DB_POOL_SIZE). */
  readonly poolSizePerProcess: number;
  /** What the plan says about itself, for the launcher's log. */
  readonly summary: string;
}

export function planWebProcesses(
  config: Pick<Config, 'databaseUrl' | 'poolSize' | 'webConcurrency'>,
  cores: number,
): WebProcessPlan {
  if (config.databaseUrl === undefined) {
    return {
      processes: 1,
      poolSizePerProcess: config.poolSize,
      summary:
        config.webConcurrency !== undefined && config.webConcurrency > 1
          ? `one web process: the embedded database has one owner (WEB_CONCURRENCY=${config.webConcurrency} applies with DATABASE_URL)`
          : 'one web process (embedded database)',
    };
  }
  // Unset: one per core, but never more than there are connections to give them.
  const processes = config.webConcurrency ?? Math.max(1, Math.min(cores, config.poolSize));
  if (config.poolSize < processes) {
    throw new ConfigError([
      `DB_POOL_SIZE: ${config.poolSize} connections cannot be shared by ${processes} web processes (WEB_CONCURRENCY): each needs at least one; raise DB_POOL_SIZE or lower WEB_CONCURRENCY`,
    ]);
  }
  const poolSizePerProcess = Math.floor(config.poolSize / processes);
  return {
    processes,
    poolSizePerProcess,
    summary: `${processes} web process${processes === 1 ? '' : 'es'} with ${poolSizePerProcess} database connection${poolSizePerProcess === 1 ? '' : 's'} each (DB_POOL_SIZE ${config.poolSize} in all)`,
  };
}

/**
 * Refuses a plan whose connections, with those of the launcher and the worker, the server could not
 * accept: better a clear error at start than "too many clients" under load.
 */
export function checkConnectionBudget(
  plan: WebProcessPlan,
  others: { readonly launcher: number; readonly worker: number },
  budget: ConnectionLimits,
): void {
  // Each web process also listens for API key revocations on a connection of its own.
  const web = plan.processes * (plan.poolSizePerProcess + 1);
  const needed = web + others.launcher + others.worker;
  const available = budget.maxConnections - budget.reserved;
  if (needed > available) {
    throw new ConfigError([
      `DB_POOL_SIZE: the web processes (${web}: ${plan.poolSizePerProcess} pooled + 1 listening each), the launcher (${others.launcher})${others.worker ? ` and the worker (${others.worker})` : ''} would hold ${needed} connections, more than the ${available} PostgreSQL accepts (max_connections ${budget.maxConnections} minus ${budget.reserved} reserved); lower DB_POOL_SIZE or raise max_connections`,
    ]);
  }
}
