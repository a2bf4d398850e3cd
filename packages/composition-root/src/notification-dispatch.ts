/**
 * How notifications leave, from the configuration: over SMTP when `SMTP_URL` is set, else recorded
 * in the app; and the dispatcher that delivers them from the notification outbox.
 */
import {
  type Clock,
  type Logger,
  type Mailer,
  type NotificationOutbox,
  recordInApp,
} from '@allocation/domain';
import { createSmtpMailer, type Dispatcher, domainOf, startNotificationDispatcher } from '@allocation/email';
import type { Config } from './config.ts';

export interface NotificationTransport {
  readonly mailer: Mailer;
  /** Longer than one delivery can take. */
  readonly leaseMs: number;
  close(): Promise<void>;
}

export function notificationTransport(config: Config, logger: Logger): NotificationTransport {
  if (!config.smtpUrl) return { mailer: recordInApp, leaseMs: 60_000, async close() {} };
  const smtp = createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom, logger });
  return { mailer: smtp, leaseMs: smtp.maxDeliveryMs * 2, close: () => smtp.close() };
}

export interface NotificationDispatchOptions {
  readonly config: Config;
  readonly outbox: NotificationOutbox;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Default: from the configuration. */
  readonly transport?: NotificationTransport;
}

/** Starts a dispatcher; `stop` finishes the delivery in flight and closes the transport it made. */
export function startNotificationDispatch(options: NotificationDispatchOptions): Dispatcher {
  const transport = options.transport ?? notificationTransport(options.config, options.logger);
  const dispatcher = startNotificationDispatcher({
    outbox: options.outbox,
    mailer: transport.mailer,
    clock: options.clock,
    logger: options.logger,
    messageIdDomain: domainOf(options.config.mailFrom),
    leaseMs: transport.leaseMs,
  });
  return {
    get delivered() {
      return dispatcher.delivered;
    },
    async stop() {
      await dispatcher.stop();
      if (!options.transport) await transport.close();
    },
  };
}
