/**
 * Notifications over SMTP (nodemailer): how the stock team hears about OutOfStock when `SMTP_URL`
 * is set. Connections are pooled and every wait is bounded, because the bus sends the mail before
 * the allocation that caused it returns.
 */
import type { Logger, Notifications } from '@allocation/domain';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

export interface SmtpNotificationsOptions {
  /** `smtp://[user:password@]host[:port]` or `smtps://…` (TLS from the start). */
  readonly url: string;
  /** The sender address, e.g. `allocation@example.com`. */
  readonly from: string;
  readonly logger: Logger;
  /** Upper bound for connecting, the greeting and each reply (ms). Default 10 s. */
  readonly timeoutMs?: number;
}

export type SmtpNotifications = Notifications & {
  /** Closes the pooled connections. */
  close(): Promise<void>;
};

const SUBJECT_LIMIT = 120;

export function createSmtpNotifications(options: SmtpNotificationsOptions): SmtpNotifications {
  const { from, logger } = options;
  const transport = nodemailer.createTransport(transportOptions(options));
  const server = describeServer(options.url);
  return {
    async send(destination: string, message: string): Promise<void> {
      try {
        const info = await transport.sendMail({
          from,
          to: destination,
          subject: subjectOf(message),
          text: message,
        });
        logger.info('Notification mailed', { to: destination, server, messageId: info.messageId });
      } catch (error) {
        logger.error('Could not mail a notification', {
          to: destination,
          server,
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}

function transportOptions({ url, timeoutMs = 10_000 }: SmtpNotificationsOptions): SMTPPool.Options {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error(`SMTP URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  }
  const user = decodeURIComponent(parsed.username);
  return {
    pool: true,
    maxConnections: 2,
    host: parsed.hostname,
    ...(parsed.port ? { port: Number(parsed.port) } : {}),
    secure: parsed.protocol === 'smtps:',
    ...(user ? { auth: { user, pass: decodeURIComponent(parsed.password) } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 3,
  };
}

/** The first line of the message, shortened: mail clients show subjects, not bodies. */
export function subjectOf(message: string): string {
  const firstLine = message.split('\n', 1)[0]?.trim() ?? '';
  if (firstLine.length <= SUBJECT_LIMIT) return firstLine || 'Allocation notification';
  return `${firstLine.slice(0, SUBJECT_LIMIT - 1)}…`;
}

/** host:port without credentials: safe to log. */
function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
