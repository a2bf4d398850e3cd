/**
 * API keys for machine clients (REST). Our own small table rather than better-auth's API-key plugin
 * (@better-auth/api-key), because that plugin: ties every key to a user row (keys made from the
 * command line before any user exists have no owner), keeps the role in free-form metadata or
 * permissions instead of a checked column, has no unique name (our CLI revokes by name), revokes by
 * a disabled flag or deletion (we keep the revocation time), adds per-key quotas and rate limits we
 * would have to switch off, and its 1.7 release pins older better-call/utils than better-auth 1.7.25.
 *
 * A key is 32 random bytes; only its SHA-256 is stored (a slow hash buys nothing for a random
 * secret of that size), so a key is shown once, when it is created. A verification reads the table,
 * or, given a VerifiedCache, a row read in the last few seconds, which a revocation anywhere drops
 * at once: either way a revoked key stops working at once.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { IdentityRefusal } from './refusals.ts';
import { type Actor, isRole, ROLES, type Role } from './roles.ts';
import type { VerifiedCache } from './verified-cache.ts';

export const API_KEY_PREFIX = 'alloc_';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** last_used_at is written at most this often per key, so busy keys do not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** The key's first characters, to tell keys apart without revealing them. */
  readonly start: string;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export type ApiKeyVerdict =
  | { readonly ok: true; readonly actor: Actor }
  | {
      readonly ok: false;
      readonly reason: 'missing' | 'unknown' | 'expired' | 'revoked';
      readonly message: string;
    };

/** A request to create or revoke a key that names something wrong (the caller's mistake). */
export class InvalidApiKeyRequest extends IdentityRefusal {
  override readonly name = 'InvalidApiKeyRequest';
  constructor(message: string, field: 'name' | 'role' | 'expiresAt') {
    super('api_key.invalid', message, field);
  }
}
export class ApiKeyNameTaken extends IdentityRefusal {
  override readonly name = 'ApiKeyNameTaken';
  constructor(readonly keyName: string) {
    super(
      'api_key.name_taken',
      `An API key named "${keyName}" already exists: choose another name or revoke it first`,
      'name',
    );
  }
}
export class UnknownApiKey extends IdentityRefusal {
  override readonly name = 'UnknownApiKey';
  constructor(readonly keyName: string) {
    super('api_key.unknown', `There is no API key named "${keyName}"`, 'name');
  }
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A stored key: its record and its hash. */
export interface ApiKeyRow extends Omit<ApiKeyInfo, 'role'> {
  readonly role: string;
  readonly keyHash: string;
}

/** Where keys are kept: PostgreSQL (./api-key-store.ts) or memory (./testing.ts). */
export interface ApiKeyStore {
  /** Throws ApiKeyNameTaken when the name is in use. */
  insert(row: ApiKeyRow): Promise<void>;
  findByHash(keyHash: string): Promise<ApiKeyRow | undefined>;
  findByName(name: string): Promise<ApiKeyRow | undefined>;
  /** Sets revoked_at unless already set. */
  revoke(name: string, at: Date): Promise<void>;
  touch(id: string, at: Date): Promise<void>;
  /** Newest first. */
  list(): Promise<ApiKeyRow[]>;
}

/** The rules of keys (names, roles, expiry, what a verification says); the store only keeps them. */
export class ApiKeys {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly now: () => Date = () => new Date(),
    private readonly cache?: VerifiedCache<ApiKeyRow>,
  ) {}

  /** Creates a key and returns it (the only time it is shown) with its record. */
  async create(input: {
    name: string;
    role: string;
    createdBy: string;
    expiresAt?: Date | null;
  }): Promise<{ key: string; info: ApiKeyInfo }> {
    const name = input.name.trim();
    if (!NAME.test(name)) {
      throw new InvalidApiKeyRequest(
        `API key name "${input.name}" must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
        'name',
      );
    }
    if (!isRole(input.role)) {
      throw new InvalidApiKeyRequest(
        `API key role "${input.role}" must be one of ${ROLES.join(', ')}`,
        'role',
      );
    }
    const now = this.now();
    if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
      throw new InvalidApiKeyRequest('An API key must expire in the future', 'expiresAt');
    }
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row: ApiKeyRow = {
      id: randomUUID(),
      name,
      role: input.role,
      keyHash: hashApiKey(key),
      start: key.slice(0, API_KEY_PREFIX.length + 4),
      createdBy: input.createdBy,
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.insert(row);
    return { key, info: toInfo(row) };
  }

  /** Revokes the key of that name at once; revoking a revoked key changes nothing. */
  async revoke(name: string): Promise<ApiKeyInfo> {
    await this.store.revoke(name, this.now());
    // This process at once; the others when the store's revocation reaches their feed.
    this.cache?.clear();
    const row = await this.store.findByName(name);
    if (!row) throw new UnknownApiKey(name);
    return toInfo(row);
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (await this.store.list()).map(toInfo);
  }

  /** The actor behind an `Authorization` header value ("Bearer <key>"), or why there is none. */
  async verify(authorization: string | null | undefined): Promise<ApiKeyVerdict> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization?.trim() ?? '');
    if (!match?.[1]) {
      return {
        ok: false,
        reason: 'missing',
        message: 'This needs an API key: send the header "Authorization: Bearer <key>"',
      };
    }
    const keyHash = hashApiKey(match[1]);
    const generation = this.cache?.generation ?? 0;
    let row = this.cache?.get(keyHash);
    if (!row) {
      row = await this.store.findByHash(keyHash);
      if (row && !row.revokedAt) this.cache?.set(keyHash, row, generation);
    }
    if (!row || !isRole(row.role)) {
      return { ok: false, reason: 'unknown', message: 'This API key is not known' };
    }
    const now = this.now();
    if (row.revokedAt) {
      return { ok: false, reason: 'revoked', message: `The API key "${row.name}" has been revoked` };
    }
    if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
      return { ok: false, reason: 'expired', message: `The API key "${row.name}" has expired` };
    }
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.store.touch(row.id, now);
      this.cache?.set(keyHash, { ...row, lastUsedAt: now }, generation);
    }
    return { ok: true, actor: { kind: 'api-key', id: row.id, name: row.name, role: row.role } };
  }
}

function toInfo({ keyHash: _hash, ...row }: ApiKeyRow): ApiKeyInfo {
  if (!isRole(row.role)) throw new Error(`API key "${row.name}" has an unknown role "${row.role}"`);
  return { ...row, role: row.role };
}
