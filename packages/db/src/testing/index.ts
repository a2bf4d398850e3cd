/**
 * For integration tests of this and other packages: a fresh, uniquely named database on the real
 * PostgreSQL server, migrated, dropped afterwards. The server is `TEST_DATABASE_ADMIN_URL`
 * (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import pg from 'pg';
import { migrate } from '../migrations.ts';

export const DEFAULT_TEST_DATABASE_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export const testDatabaseAdminUrl = (): string =>
  process.env.TEST_DATABASE_ADMIN_URL || DEFAULT_TEST_DATABASE_ADMIN_URL;

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The start of every test database's name: TEST_DATABASE_PREFIX (letters, digits, `_`), so whoever
 * shares the server can keep to names of their own; default `allocation_test`.
 */
export function testDatabasePrefix(): string {
  const prefix = process.env.TEST_DATABASE_PREFIX?.trim() || 'allocation_test';
  if (!/^[a-z_][a-z0-9_]{0,39}$/.test(prefix)) {
    throw new Error(
      `TEST_DATABASE_PREFIX "${prefix}" must be 1 to 40 lower-case letters, digits or '_', not starting with a digit`,
    );
  }
  return prefix;
}

/** Creates an empty database (no migrations). */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testDatabaseAdminUrl();
  const name = `${testDatabasePrefix()}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    drop: () => {
      dropped ??= withAdmin(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
      return dropped;
    },
  };
}

/** Creates a fresh database with every migration applied. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const database = await createEmptyTestDatabase();
  try {
    await migrate(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/**
 * Why the integration tests against the real server must be skipped (it does not answer), or
 * undefined when it answers. Says so on the console, naming the package whose tests are skipped.
 */
export async function postgresSkipReason(packageName: string): Promise<string | undefined> {
  const url = new URL(testDatabaseAdminUrl());
  const port = Number(url.port || 5432);
  const host = url.hostname || '127.0.0.1';
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
  if (reachable) return undefined;
  const reason = `PostgreSQL at ${host}:${port} does not answer: skipping the tests against the real database`;
  console.warn(`[${packageName}] ${reason}`);
  return reason;
}
