import type { AddressInfo } from 'node:net';
import { Allocate, bootstrap, CreateBatch } from '@allocation/domain';
import { FakeClock, FakeUnitOfWorkFactory, RecordingLogger, testOrigin } from '@allocation/domain/testing';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpNotifications, type SmtpNotifications, subjectOf } from '../src/index.ts';

interface ReceivedMail {
  readonly from: string | undefined;
  readonly to: string[];
  readonly raw: string;
}

interface TestSmtpServer {
  readonly url: string;
  readonly port: number;
  readonly mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on an ephemeral 127.0.0.1 port, keeping what it receives. */
async function startSmtpServer(options: Partial<SMTPServerOptions> = {}): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The text of a mail with quoted-printable soft line breaks undone. */
const textOf = (mail: ReceivedMail) => mail.raw.replace(/=\r\n/g, '');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(serverOptions: Partial<SMTPServerOptions> = {}, url?: (port: number) => string) {
  const smtp = await startSmtpServer(serverOptions);
  cleanups.push(() => smtp.close());
  const logger = new RecordingLogger();
  const notifications: SmtpNotifications = createSmtpNotifications({
    url: url ? url(smtp.port) : smtp.url,
    from: 'allocation@example.com',
    logger,
    timeoutMs: 2000,
  });
  cleanups.push(() => notifications.close());
  return { smtp, logger, notifications };
}

describe('SMTP notifications', () => {
  it('mails the message to the destination, with its first line as the subject', async () => {
    const { smtp, logger, notifications } = await setup();
    await notifications.send('stock@example.com', 'Out of stock for RED-CHAIR: order o1 asked for 3');
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail?.from).toBe('allocation@example.com');
    expect(mail?.to).toEqual(['stock@example.com']);
    expect(textOf(mail as ReceivedMail)).toMatch(
      /^Subject: Out of stock for RED-CHAIR: order o1 asked for 3\r$/m,
    );
    expect(textOf(mail as ReceivedMail)).toContain('Out of stock for RED-CHAIR');
    expect(logger.entries).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'Notification mailed' }),
    );
  });

  it('mails the stock team naming the sku when an allocation is out of stock', async () => {
    const { smtp, notifications } = await setup();
    const uow = new FakeUnitOfWorkFactory();
    const bus = bootstrap({
      uow,
      notifications,
      clock: new FakeClock(),
      logger: new RecordingLogger(),
      stockTeamAddress: 'stock-team@example.com',
    });
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'VINTAGE-LAMP', qty: 5, eta: null }), testOrigin);
    const outcome = await bus.handle(Allocate({ orderid: 'o1', sku: 'VINTAGE-LAMP', qty: 10 }), testOrigin);
    expect(outcome).toEqual({ status: 'out_of_stock' });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(['stock-team@example.com']);
    expect(textOf(smtp.mails[0] as ReceivedMail)).toContain('VINTAGE-LAMP');
  });

  it('logs in with the credentials in the URL', async () => {
    const logins: { username: string | undefined; password: string | undefined }[] = [];
    const { smtp, notifications } = await setup(
      {
        authOptional: false,
        allowInsecureAuth: true,
        authMethods: ['PLAIN', 'LOGIN'],
        onAuth(auth, _session, callback) {
          logins.push({ username: auth.username, password: auth.password ?? undefined });
          if (auth.username === 'mailer' && auth.password === 'p@ss:word') callback(null, { user: 'mailer' });
          else callback(new Error('Invalid username or password'));
        },
      },
      (port) => `smtp://mailer:${encodeURIComponent('p@ss:word')}@127.0.0.1:${port}`,
    );
    await notifications.send('stock@example.com', 'Out of stock for SKU-1');
    expect(logins).toEqual([{ username: 'mailer', password: 'p@ss:word' }]);
    expect(smtp.mails).toHaveLength(1);
  });

  it('rejects and logs, without the password, when the server refuses the mail', async () => {
    const { notifications, logger } = await setup(
      {
        allowInsecureAuth: true,
        onAuth(auth, _session, callback) {
          callback(null, { user: auth.username });
        },
        onRcptTo(_address, _session, callback) {
          callback(new Error('Mailbox unavailable'));
        },
      },
      (port) => `smtp://user:secret@127.0.0.1:${port}`,
    );
    await expect(notifications.send('nobody@example.com', 'Out of stock for SKU-2')).rejects.toThrow(
      /Mailbox unavailable/,
    );
    const entry = logger.entries.find((e) => e.level === 'error');
    expect(entry?.message).toBe('Could not mail a notification');
    expect(JSON.stringify(entry)).not.toContain('secret');
  });

  it('rejects within its timeout when no server answers', async () => {
    const smtp = await startSmtpServer();
    await smtp.close(); // the port is now closed
    const logger = new RecordingLogger();
    const notifications = createSmtpNotifications({
      url: smtp.url,
      from: 'a@example.com',
      logger,
      timeoutMs: 1000,
    });
    cleanups.push(() => notifications.close());
    const started = Date.now();
    await expect(notifications.send('stock@example.com', 'Out of stock for SKU-3')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(logger.entries.map((e) => e.level)).toContain('error');
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() =>
      createSmtpNotifications({
        url: 'http://mail.example.com',
        from: 'a@example.com',
        logger: new RecordingLogger(),
      }),
    ).toThrow(/smtp:\/\/ or smtps:\/\//);
  });
});

describe('subjectOf', () => {
  it('takes the first line, shortened to 120 characters', () => {
    expect(subjectOf('Out of stock for X\nmore')).toBe('Out of stock for X');
    expect(subjectOf('y'.repeat(200))).toHaveLength(120);
    expect(subjectOf('')).toBe('Allocation notification');
  });
});
