// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in
// DATA_DIR (default .data) when DATABASE_URL is unset, and says what it did.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@allocation/domain';
import { startEmbedded } from '../embedded.ts';
import { migrate, readMigrations } from '../migrations.ts';

const logger: Logger = {
  info: (message, context) => console.log(message, context ? JSON.stringify(context) : ''),
  warn: (message, context) => console.warn(`warning: ${message}`, context ? JSON.stringify(context) : ''),
  error: (message, context) => console.error(`error: ${message}`, context ? JSON.stringify(context) : ''),
};

async function main(): Promise<void> {
  // Read from the folder, not the embedded copy: a migration just added needs no `generate` first.
  const migrations = await readMigrations(fileURLToPath(new URL('../../prisma/migrations', import.meta.url)));
  const url = process.env.DATABASE_URL;
  const embedded = url
    ? undefined
    : await startEmbedded({
        dataDir: resolve(process.env.INIT_CWD ?? process.cwd(), process.env.DATA_DIR || '.data'),
        maxConnections: 4,
        logger,
      });
  const target = url ? redact(url) : `embedded database in ${embedded?.dataDir}`;
  try {
    const { applied } = await migrate(url ?? (embedded?.url as string), logger, migrations);
    console.log(
      applied.length === 0
        ? `${target}: up to date, ${migrations.length} migration(s) already applied.`
        : `${target}: applied ${applied.length} migration(s): ${applied.join(', ')}.`,
    );
  } finally {
    await embedded?.close();
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
