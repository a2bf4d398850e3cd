export { ChannelListener, type ChannelListenerOptions, type ChannelSubscriber } from './channel-listener.ts';
export { type ConnectionLimits, connectionLimits } from './connection-limits.ts';
export {
  CREDENTIALS_REVOKED_CHANNEL,
  CredentialRevocationListener,
  type RevocationListener,
} from './credential-revocations.ts';
export {
  type Database,
  type DatabaseBounds,
  type DatabaseConfig,
  DEFAULT_BOUNDS,
  openDatabase,
} from './database.ts';
export { DataDirInUse } from './embedded.ts';
export type { PrismaClient } from './generated/prisma/client.ts';
export { CursorListExports } from './list-exports.ts';
export {
  announceLatest,
  LiveChangeAnnouncer,
  type LiveChangeAnnouncerOptions,
} from './live-change-announcer.ts';
export { LIVE_CHANGES_CHANNEL, type LiveChangeFeedOptions, SqlLiveChangeFeed } from './live-changes.ts';
export { checksum, type Migration, MigrationError, migrate, readMigrations } from './migrations.ts';
export { refreshReadModel } from './read-model.ts';
export {
  type CatchUp,
  ROLLUP_CHUNK,
  type RollupOptions,
  StockHistoryRollup,
} from './stock-history-rollup.ts';
export { isUnavailability } from './unavailability.ts';
