/**
 * The embedded default: PostgreSQL compiled to WebAssembly (PGlite) keeping its files in a local
 * folder, served on a unix socket by pglite-socket so the app connects through the very same
 * adapter-pg path as to a real server. Exactly one process may own a folder: a lock file says which.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '@allocation/domain';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import lockfile from 'proper-lockfile';
import { keepProtocolSequencesTogether } from './embedded-sequences.ts';

export interface EmbeddedServer {
  /** A connection string any process on this machine can use while the server runs. */
  readonly url: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

export class DataDirInUse extends Error {
  override readonly name = 'DataDirInUse';
}

export async function startEmbedded(options: {
  dataDir: string;
  maxConnections: number;
  logger: Logger;
}): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'owner.lock');
  /** Which process holds the lock: a lock whose process is gone is taken over at once. */
  const pidPath = join(dataDir, 'owner.pid');
  // Set once the server runs: losing the lock (another process took the folder over after this one
  // stalled past the stale time) stops serving, so there are never two writers of one folder.
  let onLockLost = () => {};
  const lock = () =>
    lockfile.lock(dataDir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: 10_000,
      update: 2_000,
      retries: 0,
      onCompromised: (error) => {
        options.logger.error(
          'Lost the lock on the embedded database folder: stopped serving it, so that no second process writes beside this one',
          { dataDir, lock: lockPath, error: error.message },
        );
        onLockLost();
      },
    });
  let release: () => Promise<void>;
  try {
    try {
      release = await lock();
    } catch (error) {
      // The owner died without releasing (kill -9, a crash): take over now rather than wait for
      // the lock to go stale, so a restart right after a crash works.
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || !(await ownerIsGone(pidPath))) throw error;
      options.logger.warn('Taking over the embedded database folder from a process that is gone', {
        dataDir,
      });
      await rm(lockPath, { recursive: true, force: true });
      release = await lock();
    }
    await writeFile(pidPath, String(process.pid));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DataDirInUse(
        `The embedded database folder ${dataDir} is already in use by a running process (lock ${lockPath}). ` +
          'Only one process may open it: stop the other one, point DATA_DIR at another folder, or set DATABASE_URL ' +
          '(a lock left by a process that is gone is taken over at once).',
        { cause: error },
      );
    }
    throw error;
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  let socketDir: string | undefined;
  try {
    db = await PGlite.create({ dataDir: join(dataDir, 'pgdata'), extensions: { pg_trgm } });
    socketDir = await mkdtemp(join(tmpdir(), 'allocation-pglite-'));
    server = new PGLiteSocketServer({
      db,
      path: join(socketDir, '.s.PGSQL.5432'),
      maxConnections: options.maxConnections,
    });
    keepProtocolSequencesTogether(server);
    await server.start();
  } catch (error) {
    await server?.stop().catch(() => {});
    await db?.close().catch(() => {});
    if (socketDir) await rm(socketDir, { recursive: true, force: true });
    await release();
    throw error;
  }
  const started = { db, server, socketDir };
  let closed: Promise<void> | undefined;
  const close = (lockLost = false) => {
    closed ??= (async () => {
      await started.server.stop();
      await started.db.close();
      await rm(started.socketDir, { recursive: true, force: true });
      if (!lockLost) await release();
    })();
    return closed;
  };
  onLockLost = () => void close(true).catch(() => {});
  return {
    url: `postgresql://postgres@localhost:5432/postgres?host=${encodeURIComponent(socketDir)}`,
    dataDir,
    close: () => close(),
  };
}

/** Whether the process that wrote the pid file no longer runs (on this machine: the folder is local). */
async function ownerIsGone(pidPath: string): Promise<boolean> {
  const pid = Number.parseInt(await readFile(pidPath, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
