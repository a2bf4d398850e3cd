/**
 * `pnpm start` (and `pnpm dev`): the whole service on one machine. This process owns the database
 * when it is the embedded one and serves it to the web app and the worker, which then connect to it
 * exactly as they would to a PostgreSQL server.
 *
 * The web app runs as node:cluster workers of this process sharing the port (apps/web/server/main.ts,
 * Next in custom-server mode): one per core on PostgreSQL (WEB_CONCURRENCY), each with its share of
 * DB_POOL_SIZE; one on the embedded database. A web process that dies is replaced.
 * `--cpu-prof-dir=<dir>`: each web process writes a V8 CPU profile there when it stops (benchmarks).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connectionLimits, migrate, openDatabase, refreshReadModel } from '@allocation/db';
import type { NotificationOutbox } from '@allocation/domain';
import { loadConfig, redact } from '../src/config.ts';
import { openIdentity, resolveAuthSecret } from '../src/identity.ts';
import { createLogger } from '../src/logger.ts';
import { startNotificationDispatch } from '../src/notification-dispatch.ts';
import { systemClock } from '../src/system-clock.ts';
import { checkConnectionBudget, planWebProcesses } from '../src/web-processes.ts';
import { superviseWebProcesses, type WebSupervisor } from '../src/web-supervisor.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dev = process.argv.includes('--dev');
const cpuProfDir = process.argv
  .find((arg) => arg.startsWith('--cpu-prof-dir='))
  ?.slice('--cpu-prof-dir='.length);
/** The launcher's own connections beside the web processes': notification dispatch (2) and one at a time for start-up work. */
const LAUNCHER_CONNECTIONS = 3;

const exitWithParent = join(dirname(fileURLToPath(import.meta.url)), 'exit-with-parent.mjs');
const say = (message: string) => console.log(`[allocation] ${message}`);

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? join(root, '.data') });
  const { port } = config;
  const plan = planWebProcesses(config, dev ? 1 : availableParallelism());
  const webProcesses = dev ? 1 : plan.processes;

  const childEnv: NodeJS.ProcessEnv = {
    NEXT_TELEMETRY_DISABLED: '1', // the app runs offline; Next would try to report usage
    ...process.env,
    PORT: String(port),
    DATA_DIR: config.dataDir,
    // Every child (and theirs) ends when this process ends, even by kill -9: see exit-with-parent.mjs.
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${pathToFileURL(exitWithParent).href}`]
      .filter(Boolean)
      .join(' '),
    ALLOCATION_LAUNCHER_PID: String(process.pid),
    // Checked before anything starts (required with DATABASE_URL); on the embedded default the one kept
    // in the data folder, handed to the web app, which otherwise would see DATABASE_URL and no secret.
    AUTH_SECRET: await resolveAuthSecret(config),
    APP_URL: config.appUrl,
    // Each process's own pool: its share of the web tier's DB_POOL_SIZE (the worker gets as much).
    DB_POOL_SIZE: String(plan.poolSizePerProcess),
    ...(dev ? {} : { NODE_ENV: 'production' }),
  };
  let closeDatabase = async () => {};
  let embeddedDatabase: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let databaseUrl: string;
  let notificationOutbox: NotificationOutbox | undefined;
  if (config.databaseUrl) {
    databaseUrl = config.databaseUrl;
    say(`Applying migrations to ${redact(config.databaseUrl)} ...`);
    const { applied } = await migrate(config.databaseUrl);
    say(applied.length ? `Applied ${applied.join(', ')}` : 'Database schema is up to date');
    checkConnectionBudget(
      { ...plan, processes: webProcesses },
      { launcher: LAUNCHER_CONNECTIONS, worker: config.redisUrl ? plan.poolSizePerProcess : 0 },
      await connectionLimits(config.databaseUrl),
    );
    if (!config.redisUrl) {
      // No worker will run: this process delivers the notifications.
      const database = await openDatabase({ url: config.databaseUrl, poolSize: 2, clock: systemClock });
      notificationOutbox = database.notificationOutbox;
      closeDatabase = () => database.close();
    }
  } else {
    say(`Starting the embedded database (PGlite) in ${config.dataDir} ...`);
    const database = await openDatabase({
      dataDir: config.dataDir,
      poolSize: 2,
      writeOutbox: false,
      clock: systemClock,
    });
    embeddedDatabase = database;
    databaseUrl = database.url;
    childEnv.DATABASE_URL = database.url;
    closeDatabase = () => database.close();
    notificationOutbox = database.notificationOutbox;
    say('Embedded database ready, migrations applied');
  }
  if (config.firstAdmin) {
    // ADMIN_EMAIL + ADMIN_PASSWORD: the first admin, while no user exists (never over one).
    const database =
      embeddedDatabase ??
      (await openDatabase({ url: databaseUrl, poolSize: 1, writeOutbox: false, clock: systemClock }));
    const log = (message: string, context?: Record<string, unknown>) =>
      say(`${message}${context ? ` ${JSON.stringify(context)}` : ''}`);
    try {
      await openIdentity(config, database.prisma, { info: log, warn: log, error: log }, systemClock);
    } finally {
      if (database !== embeddedDatabase) await database.close();
    }
  }
  // On the embedded default, or when no worker runs, this process delivers the stock team's
  // notifications (the worker does too when it runs: leases keep each one to one delivery).
  if (notificationOutbox) {
    const dispatcher = startNotificationDispatch({
      config,
      outbox: notificationOutbox,
      clock: systemClock,
      logger: createLogger(config.logLevel, { process: 'launcher' }),
    });
    const close = closeDatabase;
    closeDatabase = async () => {
      await dispatcher.stop();
      await close();
    };
    say(
      config.smtpUrl
        ? `Mailing notifications via ${redact(config.smtpUrl)}`
        : 'Out-of-stock emails to the stock team are recorded on the Notifications page, not sent (set SMTP_URL to send them)',
    );
  }
  // A process that died between a command's commit and its event handlers left read-table rows
  // behind the write model; bring them up to date before anyone reads them. Silent when none was.
  const refreshed = await refreshReadModel(databaseUrl);
  if (refreshed.batches + refreshed.lines > 0)
    say(
      `The stock and order pages were behind the stored stock (a previous run stopped halfway through a command): updated ${plural(refreshed.batches, 'batch', 'batches')} and ${plural(refreshed.lines, 'order line')}`,
    );

  const children: ChildProcess[] = [];
  let stopping = false;
  let webProcessesRunning: WebSupervisor | undefined;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const exits = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
    for (const child of children) child.kill('SIGTERM');
    await Promise.all([...exits, webProcessesRunning?.stop()]);
    await closeDatabase();
    process.exit(code);
  };
  // The programs themselves (not through pnpm), each in its own process group: a Ctrl-C reaches only
  // this process, which then stops each child with exactly one SIGTERM, so they shut down cleanly.
  const run = (name: string, cwd: string, args: string[]) => {
    const child = spawn(process.execPath, args, { cwd, env: childEnv, stdio: 'inherit', detached: true });
    child.once('exit', (code) => {
      if (!stopping) {
        say(`${name} stopped (exit code ${code}); shutting down`);
        void stop(code ?? 1);
      }
    });
    children.push(child);
  };

  const web = join(root, 'apps', 'web');
  if (dev) {
    say('Starting the web app (next dev) ...');
    run('web app', web, [
      join(web, 'node_modules', 'next', 'dist', 'bin', 'next'),
      'dev',
      '--port',
      String(port),
    ]);
  } else {
    say(`Starting the web app: ${plan.summary} ...`);
    webProcessesRunning = superviseWebProcesses({
      exec: join(web, 'server', 'main.ts'),
      execArgv: [
        '--import',
        import.meta.resolve('tsx'),
        ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
      ],
      cwd: web,
      env: childEnv,
      processes: webProcesses,
      say,
      onCrashLoop: () => void stop(1),
    });
  }
  if (config.redisUrl) {
    say(
      `REDIS_URL is set: starting the worker on ${redact(config.redisUrl)} (it publishes every allocation on line_allocated and carries out the quantity changes other systems send on change_batch_quantity)`,
    );
    const worker = join(root, 'apps', 'worker');
    run('worker', worker, ['--import', 'tsx', join(worker, 'src', 'main.ts')]);
  } else {
    say(
      'REDIS_URL is unset: no messages to or from other systems (set it to publish allocations and take quantity changes over Redis)',
    );
  }
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    webProcessesRunning?.kill();
  });
  // `on`, not `once`: a second signal (a process group's and its parent's) must not kill this process mid-shutdown.
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  await waitUntilServing(`http://localhost:${port}/`);
  say(
    `Ready: http://localhost:${port} (sign in; on a new data folder the first visit creates the first admin, and \`pnpm demo:seed\` adds demo users)`,
  );
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

async function waitUntilServing(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`The web app did not answer on ${url} within 5 minutes`);
}

main().catch((error: unknown) => {
  console.error(`[allocation] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
