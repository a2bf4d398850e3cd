/**
 * Our own runner for Prisma Migrate's folder layout (prisma/migrations/<timestamp>_<name>/migration.sql),
 * because Prisma's native schema engine cannot run offline. It keeps Prisma's own bookkeeping
 * (`_prisma_migrations`, same columns, checksum = sha256 of the file) under Prisma's advisory lock,
 * so `prisma migrate status/deploy` agree wherever the native engine exists.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '@allocation/domain';
import pg from 'pg';
import { MIGRATIONS } from './generated/migrations.ts';
import type { Migration } from './migrations-files.ts';

export { type Migration, readMigrations } from './migrations-files.ts';

/** Prisma Migrate's advisory lock key. */
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export const checksum = (sql: string): string => createHash('sha256').update(sql, 'utf8').digest('hex');

/** The migrations shipped with this package (embedded at `generate` time, so bundlers need no files). */
export const bundledMigrations = (): readonly Migration[] => MIGRATIONS;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/**
 * Applies the pending migrations to the database at `url`, each with its `_prisma_migrations` row in
 * one transaction, under Prisma's advisory lock. Idempotent. Stops, changing nothing, when an applied
 * migration's file has changed or a failed migration is recorded.
 */
export async function migrate(
  url: string,
  logger: Logger = silent,
  migrations: readonly Migration[] = bundledMigrations(),
): Promise<{ applied: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    try {
      return await applyPending(client, logger, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(
  client: pg.Client,
  logger: Logger,
  migrations: readonly Migration[],
): Promise<{ applied: string[] }> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM "_prisma_migrations"
     WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} is recorded as failed in _prisma_migrations${failed.logs ? `: ${failed.logs}` : ''}. ` +
        'Fix the database by hand, then mark it rolled back (set rolled_back_at) or delete its row.',
    );
  }
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  const known = new Set(migrations.map((migration) => migration.name));
  for (const name of applied.keys()) {
    if (!known.has(name))
      logger.warn('A migration applied to the database is missing locally', { migration: name });
  }
  for (const migration of migrations) {
    const recorded = applied.get(migration.name);
    if (recorded !== undefined && recorded !== checksum(migration.sql)) {
      throw new MigrationError(
        `Migration ${migration.name} was modified after it was applied: its migration.sql no longer matches ` +
          `the checksum recorded in _prisma_migrations. Never edit an applied migration; restore the file and ` +
          'add a new migration for the change.',
      );
    }
  }
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
         VALUES ($1, $2, clock_timestamp(), $3, NULL, now(), 1)`,
        [randomUUID(), checksum(migration.sql), migration.name],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new MigrationError(
        `Migration ${migration.name} failed and was rolled back (nothing of it was applied): ${(error as Error).message}`,
        { cause: error },
      );
    }
    logger.info('Applied migration', { migration: migration.name });
    done.push(migration.name);
  }
  return { applied: done };
}
