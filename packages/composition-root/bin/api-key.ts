/**
 * `pnpm --silent api-key:create --name <name> --role <role>` prints the new key alone on the last
 * line of stdout; `pnpm --silent api-key:revoke --name <name>`. Against DATABASE_URL, or the embedded
 * folder while the app is stopped (like demo:seed). Exit 2: bad arguments; 1: refused (duplicate or
 * unknown name, unreachable database).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  API_KEY_USAGE,
  ApiKeyNameTaken,
  ApiKeys,
  ApiKeyUsageError,
  InvalidApiKeyRequest,
  PrismaApiKeyStore,
  parseApiKeyArgs,
  UnknownApiKey,
} from '@allocation/auth/keys';
import { openDatabase } from '@allocation/db';
import { ConfigError, loadConfig } from '../src/config.ts';
import { systemClock } from '../src/system-clock.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  let command: ReturnType<typeof parseApiKeyArgs>;
  try {
    command = parseApiKeyArgs(argv);
  } catch (error) {
    if (!(error instanceof ApiKeyUsageError)) throw error;
    console.error(`api-key: ${error.message}\n${API_KEY_USAGE}`);
    return 2;
  }
  const config = loadConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? join(root, '.data') });
  const database = await openDatabase({
    ...(config.databaseUrl ? { url: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    poolSize: 1,
    writeOutbox: false,
    clock: systemClock,
  });
  try {
    const keys = new ApiKeys(new PrismaApiKeyStore(database.prisma));
    if (command.command === 'revoke') {
      await keys.revoke(command.name);
      console.log(`Revoked the API key "${command.name}": it stops working at once.`);
      return 0;
    }
    const { key, info } = await keys.create({
      name: command.name,
      role: command.role,
      createdBy: 'command line',
      expiresAt: command.expiresAt,
    });
    const expiry = info.expiresAt ? `expires ${info.expiresAt.toISOString()}` : 'no expiry';
    console.log(`Created the API key "${info.name}" (role ${info.role}, ${expiry}). It is shown only now:`);
    console.log(key);
    return 0;
  } catch (error) {
    if (error instanceof InvalidApiKeyRequest) {
      console.error(`api-key: ${error.message}\n${API_KEY_USAGE}`);
      return 2;
    }
    if (error instanceof ApiKeyNameTaken || error instanceof UnknownApiKey) {
      console.error(`api-key: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      `api-key: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  },
);
