/**
 * A real SMTP server (the `smtp-server` package) in the suite's own process, keeping every message it
 * accepted with its Message-ID. `stop` closes the port and drops open connections at once (421), as
 * a mail server going away would; `start` listens again on the same port.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly messageId: string | undefined;
  readonly at: number;
}

export interface StoppableSmtp {
  readonly url: string;
  readonly mails: ReceivedMail[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** The Message-ID header of a raw message, with its angle brackets. */
export function messageIdOf(raw: string): string | undefined {
  const headers = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const match = /^message-id:\s*(.+(?:\r?\n[ \t].*)*)$/im.exec(headers);
  return match?.[1]?.replace(/\s+/g, '').trim();
}

export async function startSmtp(port = 0): Promise<StoppableSmtp> {
  const mails: ReceivedMail[] = [];
  let server: SMTPServer | undefined;
  let boundPort = port;
  const listen = async () => {
    const instance = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push({ messageId: messageIdOf(Buffer.concat(chunks).toString('utf8')), at: Date.now() });
          callback();
        });
      },
    });
    instance.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      instance.server.once('error', reject);
      instance.listen(boundPort, '127.0.0.1', () => resolve());
    });
    boundPort = (instance.server.address() as AddressInfo).port;
    server = instance;
  };
  await listen();
  return {
    url: `smtp://127.0.0.1:${boundPort}`,
    mails,
    async stop() {
      const instance = server;
      server = undefined;
      if (instance) await new Promise<void>((resolve) => instance.close(() => resolve()));
    },
    async start() {
      if (!server) await listen();
    },
  };
}
