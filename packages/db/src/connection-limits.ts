/** What a PostgreSQL server lets clients hold: read before sizing the pools of several processes. */
import pg from 'pg';

export interface ConnectionLimits {
  readonly maxConnections: number;
  /** Kept for superusers and roles with pg_use_reserved_connections (PostgreSQL 16+). */
  readonly reserved: number;
}

export async function connectionLimits(url: string): Promise<ConnectionLimits> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings
        WHERE name IN ('max_connections', 'superuser_reserved_connections', 'reserved_connections')`,
    );
    const setting = (name: string) => Number(rows.find((row) => row.name === name)?.setting ?? 0);
    return {
      maxConnections: setting('max_connections'),
      reserved: setting('superuser_reserved_connections') + setting('reserved_connections'),
    };
  } finally {
    await client.end();
  }
}
