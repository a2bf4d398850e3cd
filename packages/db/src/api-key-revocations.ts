/**
 * API key revocations as they happen, to every process: a revocation commits a NOTIFY on this channel
 * (see @allocation/auth's PrismaApiKeyStore), and each web process LISTENs on a connection of its own
 * (ChannelListener). While that is not proven to deliver, a key cache switches itself off rather than
 * miss a revocation.
 */
import type { Logger } from '@allocation/domain';
import { ChannelListener, type ChannelListenerOptions } from './channel-listener.ts';

export const API_KEY_REVOKED_CHANNEL = 'api_key_revoked';

export interface RevocationListener {
  onRevoked(): void;
  onDelivering(delivering: boolean): void;
}

export class ApiKeyRevocationListener {
  readonly #channel: ChannelListener;

  constructor(url: string, logger: Logger, options?: ChannelListenerOptions) {
    this.#channel = new ChannelListener(
      url,
      API_KEY_REVOKED_CHANNEL,
      'keys are read on every request',
      logger,
      options,
    );
  }

  subscribe(listener: RevocationListener): void {
    this.#channel.subscribe({
      onNotification: () => listener.onRevoked(),
      onDelivering: (delivering) => listener.onDelivering(delivering),
    });
  }

  close(): Promise<void> {
    return this.#channel.close();
  }
}
