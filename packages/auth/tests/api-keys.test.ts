import { describe, expect, it } from 'vitest';
import {
  ApiKeyNameTaken,
  ApiKeys,
  hashApiKey,
  InvalidApiKeyRequest,
  PrismaApiKeyStore,
  UnknownApiKey,
} from '../src/index.ts';
import { useIdentityDatabase } from './support.ts';

const db = useIdentityDatabase();
const keys = (now: () => Date = () => new Date()) =>
  new ApiKeys(new PrismaApiKeyStore(db.it.database.prisma), now);

describe('API keys (PostgreSQL)', () => {
  it('creates a key shown once, stores only its hash, and verifies it as an actor with its role', async () => {
    const { key, info } = await keys().create({ name: 'erp-sync', role: 'operator', createdBy: 'cli' });
    expect(key).toMatch(/^alloc_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: 'erp-sync', role: 'operator', createdBy: 'cli', lastUsedAt: null });
    const row = await db.it.database.prisma.apiKey.findUniqueOrThrow({ where: { name: 'erp-sync' } });
    expect(row.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);

    const verdict = await keys().verify(`Bearer ${key}`);
    expect(verdict).toEqual({
      ok: true,
      actor: { kind: 'api-key', id: info.id, name: 'erp-sync', role: 'operator' },
    });
    const used = await db.it.database.prisma.apiKey.findUniqueOrThrow({ where: { name: 'erp-sync' } });
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('says why a request carries no usable key: missing, unknown', async () => {
    for (const header of [undefined, null, '', 'Basic abc', 'Bearer']) {
      expect(await keys().verify(header)).toMatchObject({ ok: false, reason: 'missing' });
    }
    expect(await keys().verify('Bearer alloc_not-a-key')).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('stops accepting an expired key', async () => {
    const created = new Date('2026-12-01T10:00:00Z');
    const { key } = await keys(() => created).create({
      name: 'short-lived',
      role: 'manager',
      createdBy: 'admin@example.com',
      expiresAt: new Date('2026-12-02T10:00:00Z'),
    });
    expect(await keys(() => new Date('2026-12-02T09:59:59Z')).verify(`Bearer ${key}`)).toMatchObject({
      ok: true,
    });
    expect(await keys(() => new Date('2026-12-02T10:00:00Z')).verify(`Bearer ${key}`)).toMatchObject({
      ok: false,
      reason: 'expired',
      message: 'The API key "short-lived" has expired',
    });
  });

  it('revokes a key at once, keeping its record', async () => {
    const { key } = await keys().create({ name: 'to-revoke', role: 'admin', createdBy: 'cli' });
    expect(await keys().verify(`Bearer ${key}`)).toMatchObject({ ok: true });
    const revoked = await keys().revoke('to-revoke');
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await keys().verify(`Bearer ${key}`)).toMatchObject({ ok: false, reason: 'revoked' });
    expect((await keys().revoke('to-revoke')).revokedAt).toEqual(revoked.revokedAt);
    expect((await keys().list()).map((k) => k.name)).toContain('to-revoke');
  });

  it('refuses a duplicate name, an unknown name, a bad name, role or expiry, naming the problem', async () => {
    await keys().create({ name: 'taken', role: 'manager', createdBy: 'cli' });
    await expect(keys().create({ name: 'taken', role: 'admin', createdBy: 'cli' })).rejects.toThrow(
      ApiKeyNameTaken,
    );
    await expect(keys().revoke('never-made')).rejects.toThrow(UnknownApiKey);
    await expect(keys().create({ name: 'has space', role: 'manager', createdBy: 'cli' })).rejects.toThrow(
      InvalidApiKeyRequest,
    );
    await expect(keys().create({ name: 'ok-name', role: 'root', createdBy: 'cli' })).rejects.toThrow(
      /must be one of manager, operator, admin/,
    );
    await expect(
      keys().create({
        name: 'ok-name',
        role: 'manager',
        createdBy: 'cli',
        expiresAt: new Date(Date.now() - 1),
      }),
    ).rejects.toThrow(/expire in the future/);
  });
});
