import {
  type ActivityViews,
  type AllocationViews,
  type Clock,
  DEFAULT_NOTIFICATION_POLICY,
  type DeadLetters,
  type DeadLetterViews,
  exportsByPages,
  type ListExports,
  type Logger,
  type NotificationOutbox,
  type NotificationPolicy,
  type Notifications,
  type NotificationViews,
  type Outbox,
  type StockHistoryViews,
  type UnitOfWorkFactory,
} from '@allocation/domain';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { type EmbeddedServer, startEmbedded } from './embedded.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { CursorListExports } from './list-exports.ts';
import { LiveChangeAnnouncer } from './live-change-announcer.ts';
import { SqlLiveChangeFeed } from './live-changes.ts';
import { migrate } from './migrations.ts';
import { SqlNotificationOutbox } from './notification-outbox.ts';
import { SqlDeadLetters, SqlNotificationLog, SqlOutbox } from './outbox.ts';
import { SqlStockHistoryViews } from './stock-history.ts';
import { PgTransactionRunner } from './transactions.ts';
import { reportingUnavailability, translateUnavailability } from './unavailability.ts';
import { SqlUnitOfWorkFactory } from './unit-of-work.ts';
import { SqlViews } from './views.ts';

export interface DatabaseConfig {
  /** PostgreSQL URL; undefined => embedded PGlite. */
  url?: string;
  /** Embedded data folder (absolute or relative to cwd), default '.data'. */
  dataDir?: string;
  /** Connections in the pool, default 10 (the embedded database always uses one). */
  poolSize?: number;
  /** Store outgoingMessagesFor(events) in the outbox table at commit; default true. */
  writeOutbox?: boolean;
  logger?: Logger;
  /**
   * After a write conflict on a product, this process's next writers of it queue in memory instead
   * of colliding again (default true; the version check stays either way). See ADR 0002.
   */
  queueHotProducts?: boolean;
  /**
   * Who hears of an OutOfStock and how often (default: stock@made.com, 900 s): committing units of
   * work store the emails by it, in the `notifications` table.
   */
  notificationPolicy?: NotificationPolicy;
  /** Where every timestamp the database adapters write comes from (outbox rows, sent times, notifications). */
  clock: Clock;
  /** How long anything may wait on the database; each has a default (see `DEFAULT_BOUNDS`). */
  bounds?: Partial<DatabaseBounds>;
}

/**
 * Every wait on the database is bounded, so a stopped or stalled server turns into a prompt
 * `StoreUnavailable` (503) instead of a hung request. Milliseconds; 0 turns a PostgreSQL one off.
 */
export interface DatabaseBounds {
  /** Getting a connection: opening one, or waiting for a free one in the pool. */
  readonly connectTimeoutMs: number;
  /** PostgreSQL's `statement_timeout`: the longest one statement may run. */
  readonly statementTimeoutMs: number;
  /** PostgreSQL's `lock_timeout`: the longest a statement may wait for a lock another transaction holds. */
  readonly lockTimeoutMs: number;
  /** PostgreSQL's `idle_in_transaction_session_timeout`: a transaction left open and idle this long is ended. */
  readonly idleInTransactionTimeoutMs: number;
}

export const DEFAULT_BOUNDS: DatabaseBounds = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 10_000,
  lockTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 30_000,
};

/**
 * On the embedded database every request of the process queues for its one connection (it runs one
 * transaction at a time anyway), so the wait for it is the queue's length: bounded, but more loosely.
 */
const EMBEDDED_CONNECT_TIMEOUT_MS = 60_000;

export interface Database {
  readonly uow: UnitOfWorkFactory;
  readonly views: AllocationViews & DeadLetterViews & NotificationViews & ActivityViews;
  /** The dashboard's questions about the stock history. */
  readonly stockHistory: StockHistoryViews;
  /** Every row of a list view for CSV downloads: a cursor on PostgreSQL, page by page on PGlite. */
  readonly exports: ListExports;
  /** Relay side: SELECT ... FOR UPDATE SKIP LOCKED so several relays never publish the same claimed batch. */
  readonly outbox: Outbox;
  readonly deadLetters: DeadLetters;
  /** Dispatcher side of the emails stored by the units of work: claim with a lease, mark sent or failed. */
  readonly notificationOutbox: NotificationOutbox;
  /** Records notifications in a table (used when no SMTP server is configured); listed by views.recordedNotifications. */
  readonly notificationLog: Notifications;
  /** The effective connection string (embedded: how another process could connect). */
  readonly url: string;
  /** Answers when the database does, else rejects with `StoreUnavailable` (within the connection bound). */
  ping(): Promise<void>;
  /** The typed Prisma client on the same pool, for adapters that need more. */
  readonly prisma: PrismaClient;
  /**
   * What commits change in the views, from any process (LISTEN, or the change table on PGlite);
   * started by a first subscriber. On PostgreSQL this process announces its own writes to the
   * others' feeds (LiveChangeAnnouncer).
   */
  readonly changes: SqlLiveChangeFeed;
  close(): Promise<void>;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

/** Connects (starting the embedded database when no URL is given) and applies pending migrations. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const logger = config.logger ?? silent;
  const poolSize = config.poolSize ?? 10;
  let embedded: EmbeddedServer | undefined;
  if (!config.url) {
    embedded = await startEmbedded({
      dataDir: config.dataDir ?? '.data',
      maxConnections: poolSize + 10,
      logger,
    });
    logger.info('Embedded database started', { dataDir: embedded.dataDir, url: embedded.url });
  }
  const url = config.url ?? (embedded as EmbeddedServer).url;
  let pool: pg.Pool | undefined;
  try {
    const { applied } = await migrate(url, logger);
    if (applied.length > 0) logger.info('Migrations applied', { applied });
    // PGlite has one session behind every socket connection, and the messages of concurrent
    // extended-protocol queries from several connections interleave in it ('portal "" cannot be
    // run'). It runs one statement at a time anyway, so a process talks to it over one connection
    // and prepares no named statements (another process, e.g. the worker next to the web app,
    // shares that session and would collide with the names). Asked of the server, not assumed from
    // who started it, because the worker only gets the launcher's URL.
    const sharedSession = embedded !== undefined || (await servedByPglite(url));
    const bounds = { ...DEFAULT_BOUNDS, ...config.bounds };
    pool = new pg.Pool({
      connectionString: url,
      max: sharedSession ? 1 : poolSize,
      connectionTimeoutMillis: sharedSession
        ? Math.max(bounds.connectTimeoutMs, EMBEDDED_CONNECT_TIMEOUT_MS)
        : bounds.connectTimeoutMs,
      // Startup parameters: every connection of the pool (Prisma's included) gets them from its
      // first statement on. PGlite ignores them (it runs one statement at a time, without timers).
      statement_timeout: bounds.statementTimeoutMs,
      lock_timeout: bounds.lockTimeoutMs,
      idle_in_transaction_session_timeout: bounds.idleInTransactionTimeoutMs,
    });
    const openPool = pool;
    pool.on('error', (error) => logger.error('Idle database connection failed', { error: error.message }));
    // A connection that dies while checked out but between queries (the server stopped) must not
    // become an uncaught exception: its next query fails, as StoreUnavailable, and the pool drops it.
    pool.on('connect', (client) =>
      client.on('error', (error) => logger.warn('Database connection lost', { error: error.message })),
    );
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const changes = new SqlLiveChangeFeed(pool, url, logger);
    // Every write of this process goes through this pool (Prisma's too): it tells the other
    // processes after its commits. PGlite's readers poll instead (notices do not cross its connections).
    const announcer = sharedSession ? undefined : new LiveChangeAnnouncer(pool, logger);
    let closed: Promise<void> | undefined;
    const views = reportingUnavailability(new SqlViews(prisma));
    return {
      uow: new SqlUnitOfWorkFactory(new PgTransactionRunner(pool, !sharedSession), {
        writeOutbox: config.writeOutbox ?? true,
        queueHotProducts: config.queueHotProducts ?? true,
        clock: config.clock,
        notificationPolicy: config.notificationPolicy ?? DEFAULT_NOTIFICATION_POLICY,
      }),
      views,
      stockHistory: reportingUnavailability(new SqlStockHistoryViews(prisma, { logger })),
      // A cursor holds its connection until the last row: PGlite's one connection cannot wait that long.
      exports: sharedSession ? exportsByPages(views) : new CursorListExports(pool),
      notificationOutbox: reportingUnavailability(new SqlNotificationOutbox(pool, config.clock)),
      outbox: reportingUnavailability(new SqlOutbox(pool, config.clock)),
      deadLetters: reportingUnavailability(new SqlDeadLetters(prisma)),
      notificationLog: reportingUnavailability(new SqlNotificationLog(prisma, config.clock)),
      // query_timeout too: a server that accepts but never answers must not hang the health check.
      ping: () =>
        openPool.query(pingQuery(bounds.connectTimeoutMs)).then(
          () => undefined,
          (error: unknown) => {
            throw translateUnavailability(error, true);
          },
        ),
      url,
      prisma,
      changes,
      close: () => {
        closed ??= (async () => {
          await changes.close();
          await prisma.$disconnect();
          // What this process wrote last is announced before its connections go.
          await announcer?.close();
          await openPool.end();
          await embedded?.close();
        })();
        return closed;
      },
    };
  } catch (error) {
    await pool?.end().catch(() => {});
    await embedded?.close();
    throw error;
  }
}

/** pg honours `query_timeout` per query (its types only list it for the client). */
function pingQuery(timeoutMs: number): pg.QueryConfig {
  const query = { text: 'SELECT 1', query_timeout: timeoutMs };
  return query;
}

async function servedByPglite(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>('SELECT version() AS version');
    return rows[0]?.version.includes('PGlite') ?? false;
  } finally {
    await client.end();
  }
}
