/**
 * API key revocations as they happen, to every process: a revocation commits a NOTIFY on this channel
 * (see @allocation/auth's PrismaApiKeyStore), and each web process LISTENs on a connection of its own
 * (outside the pool). It says it delivers only once a probe sent from another connection came back, and says so
 * again after a reconnect; while the connection is lost it says it does not, so a key cache switches
 * itself off rather than miss a revocation.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@allocation/domain';
import pg from 'pg';

export const API_KEY_REVOKED_CHANNEL = 'api_key_revoked';

export interface RevocationListener {
  onRevoked(): void;
  onDelivering(delivering: boolean): void;
}

export class ApiKeyRevocationListener {
  readonly #listeners: RevocationListener[] = [];
  #client: pg.Client | undefined;
  #closed = false;
  #started = false;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    private readonly options: { probeTimeoutMs: number; retryMs: number; reprobeMs: number } = {
      probeTimeoutMs: 2_000,
      retryMs: 1_000,
      reprobeMs: 60_000,
    },
  ) {}

  subscribe(listener: RevocationListener): void {
    this.#listeners.push(listener);
    if (!this.#started) {
      this.#started = true;
      void this.#connect();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#client?.end().catch(() => {});
  }

  #tell(delivering: boolean): void {
    for (const listener of this.#listeners) listener.onDelivering(delivering);
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.url });
    this.#client = client;
    const probe = `probe:${randomUUID()}`;
    let probed: () => void = () => {};
    const probeCameBack = new Promise<void>((resolve) => {
      probed = resolve;
    });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      this.#tell(false);
      client.end().catch(() => {});
      if (this.#closed) return;
      this.logger.warn('API key revocations are not being heard: keys are read on every request', {
        error: error?.message,
      });
      this.#retry = setTimeout(() => void this.#connect(), this.options.retryMs);
      this.#retry.unref();
    };
    client.on('notification', (message) => {
      if (message.payload === probe) probed();
      else for (const listener of this.#listeners) listener.onRevoked();
    });
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${API_KEY_REVOKED_CHANNEL}`);
      // From another connection, as revocations come: PGlite's socket hands a connection its own
      // notifications but not another's, and a cache must not trust that.
      const sender = new pg.Client({ connectionString: this.url });
      try {
        await sender.connect();
        await sender.query('SELECT pg_notify($1, $2)', [API_KEY_REVOKED_CHANNEL, probe]);
      } finally {
        await sender.end().catch(() => {});
      }
      const heard = await Promise.race([
        probeCameBack.then(() => true),
        new Promise<boolean>((resolve) =>
          setTimeout(() => resolve(false), this.options.probeTimeoutMs).unref(),
        ),
      ]);
      if (lost || this.#closed) return;
      if (heard) {
        this.#tell(true);
      } else {
        // Not heard (the embedded server does not deliver another connection's notices, or this one is
        // too slow right now): no cache; ask again in a while.
        this.logger.info('API key revocations are not delivered here: keys are read on every request');
        lost = true;
        // PGlite shares one session among its connections: leave it not listening.
        await client.query(`UNLISTEN ${API_KEY_REVOKED_CHANNEL}`).catch(() => {});
        await client.end().catch(() => {});
        if (!this.#closed) {
          this.#retry = setTimeout(() => void this.#connect(), this.options.reprobeMs);
          this.#retry.unref();
        }
      }
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
