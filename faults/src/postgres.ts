/**
 * A private PostgreSQL cluster made with Debian's tooling (`pg_createcluster`), on a free port, owned by
 * the suite: it is stopped, restarted and dropped without touching the machine's shared server.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivatePostgres {
  readonly version: string;
  readonly name: string;
  readonly port: number;
  /** The admin URL (database `postgres`). */
  readonly adminUrl: string;
  urlOf(database: string): string;
  /** `pg_ctlcluster stop -m fast`: every connection is cut. */
  stop(): Promise<void>;
  /** Returns once the server accepts connections. */
  start(): Promise<void>;
  /** Stops and removes the cluster (its data folder, configuration and log). */
  drop(): Promise<void>;
}

/** The newest PostgreSQL major version installed (`/usr/lib/postgresql/<version>`). */
export function installedVersion(): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  if (!newest) throw new Error('No PostgreSQL under /usr/lib/postgresql (Debian packaging expected)');
  return newest;
}

/**
 * Drops the clusters earlier runs left behind when they were killed outright (`kill -9` leaves no
 * chance to clean up): those named `faults-<pid>-…` whose process is gone.
 */
export async function dropAbandonedClusters(): Promise<string[]> {
  const version = installedVersion();
  let names: string[];
  try {
    names = readdirSync(`/etc/postgresql/${version}`);
  } catch {
    return [];
  }
  const dropped: string[] = [];
  for (const name of names) {
    const pid = /^faults-(\d+)-[a-z0-9]+$/.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    await run('pg_dropcluster', ['--stop', version, name], { timeout: 60_000 }).catch(() => {});
    dropped.push(name);
  }
  return dropped;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const ctl = (version: string, name: string, action: string, ...extra: string[]) =>
  run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, action, ...extra], { timeout: 60_000 });

export async function createPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const version = installedVersion();
  const name = `faults-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  // Tuned for a throwaway test server on a small shared machine: durability is not what is tested
  // here (a restart is a clean stop), so no fsync, and little memory.
  await run(
    'pg_createcluster',
    [
      version,
      name,
      '-p',
      String(port),
      '-o',
      'fsync=off',
      '-o',
      'synchronous_commit=off',
      '-o',
      'full_page_writes=off',
      '-o',
      'shared_buffers=32MB',
      '-o',
      'max_connections=100',
      '--',
      '--auth=trust',
      '--no-sync',
    ],
    { timeout: 120_000 },
  );
  const urlOf = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const pg: PrivatePostgres = {
    version,
    name,
    port,
    adminUrl: urlOf('postgres'),
    urlOf,
    async stop() {
      await ctl(version, name, 'stop', '-m', 'fast');
    },
    async start() {
      await ctl(version, name, 'start');
    },
    async drop() {
      await run('pg_dropcluster', ['--stop', version, name], { timeout: 60_000 });
    },
  };
  try {
    await pg.start();
  } catch (error) {
    await pg.drop().catch(() => {});
    throw error;
  }
  return pg;
}
