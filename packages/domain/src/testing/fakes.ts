import type {
  Clock,
  ExternalPublisher,
  Logger,
  Notifications,
  OutgoingMessage,
} from '../service-layer/ports.ts';

export class FakeNotifications implements Notifications {
  readonly sent: { destination: string; message: string }[] = [];
  failWith: Error | undefined;

  async send(destination: string, message: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ destination, message });
  }
}

export class FakePublisher implements ExternalPublisher {
  readonly published: OutgoingMessage[] = [];

  async publish(message: OutgoingMessage): Promise<void> {
    this.published.push(message);
  }
}

export class FakeClock implements Clock {
  #now: Date;

  constructor(now = new Date('2026-01-01T09:00:00.000Z')) {
    this.#now = now;
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }
}

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly context: Record<string, unknown> | undefined;
}

export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];
  info(message: string, context?: Record<string, unknown>): void {
    this.entries.push({ level: 'info', message, context });
  }
  warn(message: string, context?: Record<string, unknown>): void {
    this.entries.push({ level: 'warn', message, context });
  }
  error(message: string, context?: Record<string, unknown>): void {
    this.entries.push({ level: 'error', message, context });
  }
}
