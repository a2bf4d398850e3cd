/** API keys kept in PostgreSQL (table api_keys) through our Prisma client. */
import { CREDENTIALS_REVOKED_CHANNEL, type PrismaClient } from '@allocation/db';
import { ApiKeyNameTaken, type ApiKeyRow, type ApiKeyStore } from './api-keys.ts';

export class PrismaApiKeyStore implements ApiKeyStore {
  constructor(private readonly prisma: PrismaClient) {}

  async insert(row: ApiKeyRow): Promise<void> {
    try {
      await this.prisma.apiKey.create({ data: row });
    } catch (error) {
      // P2002: unique violation; the hash is 256 random bits, so it is the name.
      if ((error as { code?: unknown }).code === 'P2002') throw new ApiKeyNameTaken(row.name);
      throw error;
    }
  }

  async findByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    return (await this.prisma.apiKey.findUnique({ where: { keyHash } })) ?? undefined;
  }

  async findByName(name: string): Promise<ApiKeyRow | undefined> {
    return (await this.prisma.apiKey.findUnique({ where: { name } })) ?? undefined;
  }

  /** The revocation and its notice to every process's key cache commit together. */
  async revoke(name: string, at: Date): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.apiKey.updateMany({ where: { name, revokedAt: null }, data: { revokedAt: at } }),
      this.prisma.$executeRaw`SELECT pg_notify(${CREDENTIALS_REVOKED_CHANNEL}, ${name})`,
    ]);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: at } });
  }

  list(): Promise<ApiKeyRow[]> {
    return this.prisma.apiKey.findMany({ orderBy: [{ createdAt: 'desc' }, { name: 'asc' }] });
  }
}
