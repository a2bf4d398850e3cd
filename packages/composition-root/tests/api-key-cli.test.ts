import { spawn } from 'node:child_process';
import { ApiKeys, PrismaApiKeyStore } from '@allocation/auth/keys';
import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '@allocation/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const skip = await postgresSkipReason('composition-root');
let testDatabase: TestDatabase;
let database: Database;

beforeAll(async () => {
  if (skip) return;
  testDatabase = await createTestDatabase();
  database = await openDatabase({ url: testDatabase.url, poolSize: 2, clock: { now: () => new Date() } });
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

/** The command line as a script runs it: its own process, against DATABASE_URL. */
function apiKey(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/api-key.ts', ...args], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, DATABASE_URL: testDatabase.url, LOG_LEVEL: 'silent' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

// Each test starts its processes (node + tsx): slow on a busy machine.
describe.skipIf(skip)(
  'pnpm api-key:create / api-key:revoke against DATABASE_URL',
  { timeout: 240_000 },
  () => {
    it('prints the new key alone on the last line; the key works until it is revoked', async () => {
      const created = await apiKey('create', '--name', 'warehouse-scanner', '--role', 'operator');
      expect(created).toMatchObject({ code: 0, stderr: '' });
      const key = lastLine(created.stdout);
      expect(key).toMatch(/^alloc_[A-Za-z0-9_-]{43}$/);

      const keys = new ApiKeys(new PrismaApiKeyStore(database.prisma));
      expect(await keys.verify(`Bearer ${key}`)).toMatchObject({
        ok: true,
        actor: { kind: 'api-key', name: 'warehouse-scanner', role: 'operator' },
      });

      const revoked = await apiKey('revoke', '--name', 'warehouse-scanner');
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain('Revoked the API key "warehouse-scanner"');
      expect(await keys.verify(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'revoked' });
    });

    it('refuses a duplicate name and an unknown name with a clear message and exit 1', async () => {
      expect((await apiKey('create', '--name', 'twice', '--role', 'manager')).code).toBe(0);
      const duplicate = await apiKey('create', '--name', 'twice', '--role', 'admin');
      expect(duplicate.code).toBe(1);
      expect(duplicate.stdout).toBe('');
      expect(duplicate.stderr).toContain('An API key named "twice" already exists');

      const unknown = await apiKey('revoke', '--name', 'never-made');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('There is no API key named "never-made"');
    });

    it('answers bad arguments with a usage message naming the problem and exit 2', async () => {
      const noRole = await apiKey('create', '--name', 'x');
      expect(noRole.code).toBe(2);
      expect(noRole.stderr).toContain('--role is required');
      expect(noRole.stderr).toContain('usage: pnpm --silent api-key:create');

      const badName = await apiKey('create', '--name', 'has space', '--role', 'manager');
      expect(badName.code).toBe(2);
      expect(badName.stderr).toContain('API key name "has space" must be');
    });
  },
);
