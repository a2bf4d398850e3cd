/**
 * One PostgreSQL notification channel, heard by this process on a connection of its own (outside the
 * pool). It says it delivers only once a probe sent from another connection came back, and says so
 * again after a reconnect; while the connection is lost, or where notices do not cross connections
 * (PGlite's socket shares one session), it says it does not, so its users fall back to something
 * slower but sure. Used for credential revocations (credential-revocations.ts) and live views (live-changes.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@allocation/domain';
import pg from 'pg';

export interface ChannelSubscriber {
  onNotification(payload: string): void;
  onDelivering(delivering: boolean): void;
}

export interface ChannelListenerOptions {
  readonly probeTimeoutMs: number;
  readonly retryMs: number;
  readonly reprobeMs: number;
}

export class ChannelListener {
  readonly #listeners: ChannelSubscriber[] = [];
  #client: pg.Client | undefined;
  #closed = false;
  #started = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  /** What was last told, so a subscriber that comes later hears it too. */
  #delivering = false;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    /** What is not heard while this listener does not deliver (said in the log). */
    private readonly consequence: string,
    private readonly logger: Logger,
    private readonly options: ChannelListenerOptions = {
      probeTimeoutMs: 2_000,
      retryMs: 1_000,
      reprobeMs: 60_000,
    },
  ) {}

  subscribe(listener: ChannelSubscriber): void {
    this.#listeners.push(listener);
    if (this.#delivering) listener.onDelivering(true);
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
    this.#delivering = delivering;
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
      this.logger.warn(`${this.channel} is not being heard: ${this.consequence}`, {
        error: error?.message,
      });
      this.#retry = setTimeout(() => void this.#connect(), this.options.retryMs);
      this.#retry.unref();
    };
    client.on('notification', (message) => {
      if (message.payload === probe) probed();
      else for (const listener of this.#listeners) listener.onNotification(message.payload ?? '');
    });
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      // From another connection, as the real notices come: PGlite's socket hands a connection its own
      // notifications but not another's, and a cache must not trust that.
      const sender = new pg.Client({ connectionString: this.url });
      try {
        await sender.connect();
        await sender.query('SELECT pg_notify($1, $2)', [this.channel, probe]);
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
        // too slow right now): ask again in a while.
        this.logger.info(`${this.channel} is not delivered here: ${this.consequence}`);
        lost = true;
        // PGlite shares one session among its connections: leave it not listening.
        await client.query(`UNLISTEN ${this.channel}`).catch(() => {});
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
