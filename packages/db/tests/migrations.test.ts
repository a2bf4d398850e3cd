import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { checksum, type Migration, MigrationError, migrate, readMigrations } from '../src/index.ts';
import { bundledMigrations } from '../src/migrations.ts';
import { createEmptyTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('migration runner', () => {
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(databases.splice(0).map((d) => d.drop()));
  });

  const emptyDatabase = async () => {
    const database = await createEmptyTestDatabase();
    databases.push(database);
    return database;
  };

  async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(text)).rows;
    } finally {
      await client.end();
    }
  }

  const tables = async (url: string) =>
    (
      await query<{ tablename: string }>(
        url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      )
    ).map((row) => row.tablename);

  it('ships the migrations of prisma/migrations (run `generate` after adding one)', async () => {
    expect(bundledMigrations()).toEqual(await readMigrations(migrationsDir));
  });

  it('applies every migration to a fresh database, keeping Prisma Migrate bookkeeping exactly', async () => {
    const { url } = await emptyDatabase();
    const migrations = await readMigrations(migrationsDir);
    expect(await migrate(url)).toEqual({ applied: migrations.map((m) => m.name) });
    const rows = await query<Record<string, unknown>>(
      url,
      'SELECT * FROM _prisma_migrations ORDER BY started_at',
    );
    expect(rows).toEqual(
      migrations.map((m) => ({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        checksum: checksum(m.sql),
        finished_at: expect.any(Date),
        migration_name: m.name,
        logs: null,
        rolled_back_at: null,
        started_at: expect.any(Date),
        applied_steps_count: 1,
      })),
    );
    expect(checksum('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      url,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable}`)).toEqual([
      'id character varying NO',
      'checksum character varying NO',
      'finished_at timestamp with time zone YES',
      'migration_name character varying NO',
      'logs text YES',
      'rolled_back_at timestamp with time zone YES',
      'started_at timestamp with time zone NO',
      'applied_steps_count integer NO',
    ]);
    expect(await tables(url)).toEqual(
      expect.arrayContaining([
        'products',
        'batches',
        'allocations',
        'allocations_view',
        'batch_stock_view',
        'outbox',
      ]),
    );
  });

  it('is idempotent: a second run applies nothing', async () => {
    const { url } = await emptyDatabase();
    await migrate(url);
    expect(await migrate(url)).toEqual({ applied: [] });
    expect(await query(url, 'SELECT 1 FROM _prisma_migrations')).toHaveLength(bundledMigrations().length);
  });

  it('runs safely when two processes migrate at once (Prisma advisory lock)', async () => {
    const { url } = await emptyDatabase();
    const [a, b] = await Promise.all([migrate(url), migrate(url)]);
    expect([...a.applied, ...b.applied]).toEqual(bundledMigrations().map((m) => m.name));
  });

  it('stops with a clear message when an applied migration was changed', async () => {
    const { url } = await emptyDatabase();
    const migrations = await readMigrations(migrationsDir);
    await migrate(url, undefined, migrations);
    const [first, ...rest] = migrations as [Migration, ...Migration[]];
    const changed = [
      { ...first, sql: `${first.sql}\n-- edited\n` },
      ...rest,
      newMigration('99990101000000_after'),
    ];
    const run = migrate(url, undefined, changed);
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(`Migration ${first.name} was modified after it was applied`);
    expect(await tables(url)).not.toContain('after_table'); // stopped before applying anything
  });

  it('applies a failing migration not at all: no half-applied schema, no record', async () => {
    const { url } = await emptyDatabase();
    const good = newMigration('99990101000000_good');
    const bad: Migration = {
      name: '99990102000000_bad',
      sql: 'CREATE TABLE half_applied (id int);\nALTER TABLE no_such_table ADD COLUMN x int;',
    };
    const run = migrate(url, undefined, [...bundledMigrations(), good, bad]);
    await expect(run).rejects.toThrow(
      /Migration 99990102000000_bad failed and was rolled back.*no_such_table/,
    );
    expect(await tables(url)).toContain('good_table');
    expect(await tables(url)).not.toContain('half_applied');
    const names = (
      await query<{ migration_name: string }>(url, 'SELECT migration_name FROM _prisma_migrations')
    ).map((r) => r.migration_name);
    expect(names).toContain(good.name);
    expect(names).not.toContain(bad.name);
    // Fixing the migration and running again applies it.
    const fixed = { ...bad, sql: 'CREATE TABLE half_applied (id int);' };
    expect(await migrate(url, undefined, [...bundledMigrations(), good, fixed])).toEqual({
      applied: [bad.name],
    });
  });

  it('refuses to go on past a migration Prisma recorded as failed', async () => {
    const { url } = await emptyDatabase();
    await migrate(url);
    await query(
      url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000000', 'x', '99990101000000_broken', 'syntax error', now(), 0)`,
    );
    await expect(migrate(url)).rejects.toThrow(/99990101000000_broken is recorded as failed.*syntax error/);
  });

  it('has a CLI that migrates DATABASE_URL, or the embedded data folder, and says what it did', async () => {
    const { url } = await emptyDatabase();
    const run = promisify(execFile);
    const tsx = join(packageDir, 'node_modules/.bin/tsx');
    const first = await run(tsx, ['src/cli/migrate.ts'], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: url },
    });
    // Every migration of the folder, in order: the count follows new migrations without an edit here.
    const names = (await readMigrations(migrationsDir)).map((migration) => migration.name);
    expect(first.stdout).toContain(`applied ${names.length} migration(s): ${names.join(', ')}`);
    const second = await run(tsx, ['src/cli/migrate.ts'], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: url },
    });
    expect(second.stdout).toMatch(/up to date/);
    const dataDir = await mkdtemp(join(tmpdir(), 'allocation-migrate-cli-'));
    try {
      const { DATABASE_URL: _unset, ...inherited } = process.env;
      const env = { ...inherited, DATA_DIR: dataDir, INIT_CWD: '/' };
      const embedded = await run(tsx, ['src/cli/migrate.ts'], { cwd: packageDir, env });
      expect(embedded.stdout).toContain(
        `embedded database in ${dataDir}: applied ${names.length} migration(s)`,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

function newMigration(name: string): Migration {
  const table = name.split('_').slice(1).join('_');
  return { name, sql: `CREATE TABLE ${table}_table (id int);` };
}
