import { type AddressInfo, createServer, type Socket } from 'node:net';
import { Allocate, bootstrap, CreateBatch, deliverDueNotifications } from '@allocation/domain';
import {
  FakeClock,
  FakeNotificationOutbox,
  FakeUnitOfWorkFactory,
  RecordingLogger,
  testOrigin,
} from '@allocation/domain/testing';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer, type SmtpMailer, startNotificationDispatcher, subjectOf } from '../src/index.ts';

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

/** A real SMTP server on 127.0.0.1 (an ephemeral port unless given), keeping what it receives. */
async function startSmtpServer(
  options: Partial<SMTPServerOptions> = {},
  port = 0,
  mails: ReceivedMail[] = [],
): Promise<TestSmtpServer> {
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
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
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
  const notifications: SmtpMailer = createSmtpMailer({
    url: url ? url(smtp.port) : smtp.url,
    from: 'allocation@example.com',
    logger,
    timeoutMs: 2000,
  });
  cleanups.push(() => notifications.close());
  return { smtp, logger, notifications };
}

/** A mail to the stock team, as a dispatcher hands it over. */
const mailOf = (text: string, to = 'stock@example.com') => ({
  messageId: '<notification-1@example.com>',
  to,
  text,
});

describe('SMTP mailer', () => {
  it('mails the message to the destination, with its first line as the subject', async () => {
    const { smtp, logger, notifications } = await setup();
    await notifications.deliver(mailOf('Out of stock for RED-CHAIR: order o1 asked for 3'));
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
    await notifications.deliver(mailOf('Out of stock for SKU-1'));
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
    await expect(
      notifications.deliver(mailOf('Out of stock for SKU-2', 'nobody@example.com')),
    ).rejects.toThrow(/Mailbox unavailable/);
    const entry = logger.entries.find((e) => e.level === 'error');
    expect(entry?.message).toBe('Could not mail a notification');
    expect(JSON.stringify(entry)).not.toContain('secret');
  });

  it('rejects within its timeout when no server answers', async () => {
    const smtp = await startSmtpServer();
    await smtp.close(); // the port is now closed
    const logger = new RecordingLogger();
    const notifications = createSmtpMailer({
      url: smtp.url,
      from: 'a@example.com',
      logger,
      timeoutMs: 1000,
    });
    cleanups.push(() => notifications.close());
    const started = Date.now();
    await expect(notifications.deliver(mailOf('Out of stock for SKU-3'))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(logger.entries.map((e) => e.level)).toContain('error');
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() =>
      createSmtpMailer({
        url: 'http://mail.example.com',
        from: 'a@example.com',
        logger: new RecordingLogger(),
      }),
    ).toThrow(/smtp:\/\/ or smtps:\/\//);
  });
});

/** The out-of-stock path end to end on fakes, with a real SMTP server behind the dispatcher. */
async function outOfStockService(smtpUrl: string, timeoutMs = 2000) {
  const clock = new FakeClock();
  const uow = new FakeUnitOfWorkFactory({
    clock,
    notificationPolicy: { destination: 'stock-team@example.com', windowMs: 900_000 },
  });
  const outbox = new FakeNotificationOutbox(uow);
  const logger = new RecordingLogger();
  const bus = bootstrap({ uow, clock, logger });
  const mailer = createSmtpMailer({ url: smtpUrl, from: 'allocation@example.com', logger, timeoutMs });
  cleanups.push(() => mailer.close());
  await bus.handle(CreateBatch({ ref: 'b1', sku: 'VINTAGE-LAMP', qty: 5, eta: null }), testOrigin);
  const deliver = () =>
    deliverDueNotifications({
      outbox,
      mailer,
      clock,
      logger,
      messageIdDomain: 'example.com',
      leaseMs: mailer.maxDeliveryMs + 1_000,
      backoffMs: 5_000,
      maxBackoffMs: 60_000,
      limit: 10,
    });
  const runOut = (orderid: string) =>
    bus.handle(Allocate({ orderid, sku: 'VINTAGE-LAMP', qty: 10 }), testOrigin);
  const emails = async () => (await outbox.notifications({ page: 1, pageSize: 10 })).items;
  return { clock, uow, outbox, logger, bus, mailer, deliver, runOut, emails };
}

describe('notifications through the dispatcher and a real SMTP server', () => {
  it('mails the stock team naming the sku, with the Message-ID derived from the notification id', async () => {
    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.close());
    const { runOut, deliver, emails } = await outOfStockService(smtp.url);
    expect(await runOut('o1')).toEqual({ status: 'out_of_stock' });
    expect(smtp.mails).toHaveLength(0); // the request did not wait for SMTP
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual(['stock-team@example.com']);
    const text = textOf(smtp.mails[0] as ReceivedMail);
    expect(text).toMatch(/^Message-ID: <notification-1@example\.com>\r$/im);
    expect(text).toContain('Out of stock for VINTAGE-LAMP: order o1 asked for 10');
    expect(await emails()).toMatchObject([{ state: 'sent' }]);
  });

  it('retries after the server was down, and delivers once it is back', async () => {
    const mails: ReceivedMail[] = [];
    const first = await startSmtpServer({}, 0, mails);
    const port = first.port;
    await first.close(); // down
    const { runOut, deliver, emails, clock } = await outOfStockService(`smtp://127.0.0.1:${port}`);
    await runOut('o1');
    expect(await deliver()).toEqual({ sent: 0, failed: 1 });
    expect(await emails()).toMatchObject([{ state: 'failing', attempts: 1, lastError: expect.any(String) }]);
    const back = await startSmtpServer({}, port, mails);
    cleanups.push(() => back.close());
    expect(await deliver()).toEqual({ sent: 0, failed: 0 }); // not before its next try
    clock.advance(5_000);
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect(mails).toHaveLength(1);
    expect(textOf(mails[0] as ReceivedMail)).toMatch(/^Message-ID: <notification-1@example\.com>\r$/im);
    expect(await emails()).toMatchObject([{ state: 'sent', attempts: 1 }]);
  });

  it('sends one digest per window listing every order that ran out since the last email', async () => {
    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.close());
    const { runOut, deliver, clock } = await outOfStockService(smtp.url);
    await runOut('o1');
    await deliver();
    for (const orderid of ['o2', 'o3', 'o4']) {
      clock.advance(60_000);
      await runOut(orderid);
    }
    await deliver();
    expect(smtp.mails).toHaveLength(1);
    clock.advance(900_000);
    await deliver();
    expect(smtp.mails).toHaveLength(2);
    const digest = textOf(smtp.mails[1] as ReceivedMail);
    expect(digest).toMatch(/^Subject: Out of stock for VINTAGE-LAMP: 3 orders ran out\r$/m);
    for (const orderid of ['o2', 'o3', 'o4']) expect(digest).toContain(`order ${orderid} asked for 10`);
    expect(digest).toMatch(/^Message-ID: <notification-2@example\.com>\r$/im);
  });

  it('the running dispatcher delivers without anyone waiting on it', async () => {
    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.close());
    const { runOut, outbox, mailer, clock, logger } = await outOfStockService(smtp.url);
    const dispatcher = startNotificationDispatcher({
      outbox,
      mailer,
      clock,
      logger,
      messageIdDomain: 'example.com',
      intervalMs: 20,
    });
    cleanups.push(() => dispatcher.stop());
    await runOut('o1');
    // The SMTP server has the mail a moment before the dispatcher has marked it sent and counted it.
    for (let i = 0; i < 250 && (smtp.mails.length === 0 || dispatcher.delivered === 0); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(smtp.mails).toHaveLength(1);
    expect(dispatcher.delivered).toBe(1);
  });

  it('an allocation does not wait for a stalled SMTP server; the dispatcher gives up within its timeout', async () => {
    const sockets: Socket[] = [];
    const stalled = createServer((socket) => void sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => stalled.close(() => resolve()));
    });
    const { port } = stalled.address() as AddressInfo;
    const { runOut, deliver, emails } = await outOfStockService(`smtp://127.0.0.1:${port}`, 300);
    const started = performance.now();
    await runOut('o1');
    expect(performance.now() - started).toBeLessThan(100);
    const delivering = performance.now();
    expect(await deliver()).toEqual({ sent: 0, failed: 1 });
    expect(performance.now() - delivering).toBeLessThan(3_000);
    expect(await emails()).toMatchObject([{ state: 'failing' }]);
  });
});

describe('subjectOf', () => {
  it('takes the first line, shortened to 120 characters', () => {
    expect(subjectOf('Out of stock for X\nmore')).toBe('Out of stock for X');
    expect(subjectOf('y'.repeat(200))).toHaveLength(120);
    expect(subjectOf('')).toBe('Allocation notification');
  });
});
