import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AllocationBus, bootstrap, type Clock, type Logger } from '@allocation/domain';
import { afterAll, beforeAll } from 'vitest';
import { type Database, type DatabaseConfig, openDatabase } from '../src/index.ts';
import { createTestDatabase } from '../src/testing/index.ts';

export type Backend = 'postgres' | 'pglite';

/** The time of day, for tests that do not look at the timestamps written. */
export const wallClock: Clock = { now: () => new Date() };

/** What a test may set; the clock defaults to the wall clock. */
export type BackendConfig = Omit<DatabaseConfig, 'url' | 'dataDir' | 'clock'> & { readonly clock?: Clock };
export const BACKENDS: readonly Backend[] = ['postgres', 'pglite'];

export interface OpenedBackend {
  readonly db: Database;
  close(): Promise<void>;
}

/** A fresh database of the given kind: a new database on the server, or PGlite in a new folder. */
export async function openBackend(backend: Backend, options: BackendConfig = {}): Promise<OpenedBackend> {
  const config = { ...options, clock: options.clock ?? wallClock };
  if (backend === 'postgres') {
    const test = await createTestDatabase();
    const db = await openDatabase({ ...config, url: test.url });
    return {
      db,
      close: async () => {
        await db.close();
        await test.drop();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'allocation-db-test-'));
  const db = await openDatabase({ ...config, dataDir });
  return {
    db,
    close: async () => {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a backend for the whole file (beforeAll/afterAll); read `.db` inside tests. */
export function useBackend(backend: Backend, config: BackendConfig = {}) {
  let opened: OpenedBackend | undefined;
  beforeAll(async () => {
    opened = await openBackend(backend, config);
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get db(): Database {
      if (!opened) throw new Error('backend not open yet');
      return opened.db;
    },
  };
}

/** Unique names, so tests sharing a database never see each other's data. */
export const unique = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export const silentLogger = { info() {}, warn() {}, error() {} };

/** Resolves when `count` parties have arrived. */
export function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === count) release();
    return all;
  };
}

/** The message bus on a database, wired as the app wires it. */
export function busOn(database: Database, logger: Logger = silentLogger): AllocationBus {
  return bootstrap({ uow: database.uow, clock: wallClock, logger });
}
