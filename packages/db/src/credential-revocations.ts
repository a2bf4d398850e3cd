/**
 * Credential revocations as they happen, to every process: revoking an API key (see
 * @allocation/auth's PrismaApiKeyStore), and ending a session or changing a user's role, ban or
 * name (triggers on `sessions` and `users`, migration `…_credential_revocations`), each commit a
 * NOTIFY on this channel; each web process LISTENs on a connection of its own (ChannelListener).
 * While that is not proven to deliver, the caches of verified keys and sessions switch themselves
 * off rather than miss a revocation.
 */
import type { Logger } from '@allocation/domain';
import { ChannelListener, type ChannelListenerOptions } from './channel-listener.ts';

export const CREDENTIALS_REVOKED_CHANNEL = 'credentials_revoked';

export interface RevocationListener {
  onRevoked(): void;
  onDelivering(delivering: boolean): void;
}

export class CredentialRevocationListener {
  readonly #channel: ChannelListener;

  constructor(url: string, logger: Logger, options?: ChannelListenerOptions) {
    this.#channel = new ChannelListener(
      url,
      CREDENTIALS_REVOKED_CHANNEL,
      'API keys and sessions are read on every request',
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
