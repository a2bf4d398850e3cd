/**
 * Mail over SMTP (nodemailer): how dispatchers deliver the stock team's notifications when
 * `SMTP_URL` is set. Connections are pooled and every wait is bounded, so a dispatcher's lease on a
 * notification always outlasts its delivery attempt.
 */
import type { Logger, Mail, Mailer } from '@allocation/domain';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';

export interface SmtpMailerOptions {
  /** `smtp://[user:password@]host[:port]` or `smtps://…` (TLS from the start). */
  readonly url: string;
  /** The sender address, e.g. `allocation@example.com`. */
  readonly from: string;
  readonly logger: Logger;
  /** Upper bound for connecting, the greeting and each reply (ms). Default 10 s. */
  readonly timeoutMs?: number;
}

export type SmtpMailer = Mailer & {
  /** The longest one delivery can take (ms): dispatchers' leases must be longer. */
  readonly maxDeliveryMs: number;
  /** Closes the pooled connections. */
  close(): Promise<void>;
};

const SUBJECT_LIMIT = 120;

export function createSmtpMailer(options: SmtpMailerOptions): SmtpMailer {
  const { from, logger } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport(transportOptions(options.url, timeoutMs));
  const server = describeServer(options.url);
  return {
    via: 'smtp',
    maxDeliveryMs: timeoutMs * 5,
    async deliver(mail: Mail): Promise<void> {
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: subjectOf(mail.text),
          text: mail.text,
          messageId: mail.messageId,
        });
        logger.info('Notification mailed', { to: mail.to, server, messageId: mail.messageId });
      } catch (error) {
        logger.error('Could not mail a notification', {
          to: mail.to,
          server,
          messageId: mail.messageId,
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

function transportOptions(url: string, timeoutMs: number): SMTPPool.Options {
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

/** The domain part of the sender's address: Message-IDs are minted under it. */
export function domainOf(address: string): string {
  return address.split('@').at(-1) || 'localhost';
}
