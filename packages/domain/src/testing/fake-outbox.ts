import type {
  Clock,
  DeadLetter,
  DeadLetterClosing,
  DeadLetters,
  NewDeadLetter,
  Notifications,
  Outbox,
  RecordedNotification,
  StoredMessage,
} from '../service-layer/ports.ts';
import type { DeadLetterViews, Page, PageRequest } from '../service-layer/views.ts';
import type { FakeUnitOfWorkFactory } from './fake-unit-of-work.ts';
import { FakeClock } from './fakes.ts';

/** The relay's view of the fake unit of work's outbox; `clock` dates the messages it marks sent. */
export class FakeOutbox implements Outbox {
  constructor(
    private readonly uow: FakeUnitOfWorkFactory,
    private readonly createdAt = new Date('2026-01-01T09:00:00.000Z'),
    private readonly clock: Clock = new FakeClock(),
  ) {}

  async relay(limit: number, send: (messages: readonly StoredMessage[]) => Promise<void>): Promise<number> {
    const claimed = this.uow.outbox.filter((message) => !message.sent).slice(0, limit);
    if (claimed.length === 0) return 0;
    await send(
      claimed.map(({ id, channel, payload }) => ({
        id: String(id),
        channel,
        payload,
        createdAt: this.createdAt,
      })),
    );
    const sentAt = this.clock.now();
    for (const message of claimed) {
      message.sent = true;
      message.sentAt = sentAt;
    }
    return claimed.length;
  }

  async prune(sentBefore: Date, limit: number): Promise<number> {
    const old = this.uow.outbox
      .filter((message) => message.sentAt !== undefined && message.sentAt < sentBefore)
      .sort((a, b) => (a.sentAt?.getTime() ?? 0) - (b.sentAt?.getTime() ?? 0))
      .slice(0, limit);
    for (const message of old) this.uow.outbox.splice(this.uow.outbox.indexOf(message), 1);
    return old.length;
  }
}

export class FakeDeadLetters implements DeadLetters, DeadLetterViews {
  readonly letters: DeadLetter[] = [];

  async record(letter: NewDeadLetter): Promise<void> {
    this.letters.push({
      id: String(this.letters.length + 1),
      ...letter,
      inboxKey: letter.inboxKey ?? null,
      state: 'open',
      closedAt: null,
      closedBy: null,
      outcome: null,
    });
  }

  async find(id: string): Promise<DeadLetter | null> {
    return this.letters.find((letter) => letter.id === id) ?? null;
  }

  async close(id: string, closing: DeadLetterClosing): Promise<boolean> {
    const at = this.letters.findIndex((letter) => letter.id === id);
    const letter = this.letters[at];
    if (letter === undefined || letter.state !== 'open') return false;
    this.letters[at] = {
      ...letter,
      state: closing.state,
      closedAt: closing.at,
      closedBy: closing.by,
      outcome: closing.outcome,
    };
    return true;
  }

  async deadLetters(query: PageRequest): Promise<Page<DeadLetter>> {
    return newestFirst(this.letters, (letter) => letter.receivedAt, query);
  }
}

/** Notifications kept instead of mailed, as sent at once by an entry point without an outbox; `clock` dates them. */
export class FakeNotificationLog implements Notifications {
  readonly notifications: RecordedNotification[] = [];

  constructor(private readonly clock: Clock = new FakeClock()) {}

  async send(destination: string, message: string): Promise<void> {
    this.notifications.push({
      id: String(this.notifications.length + 1),
      destination,
      message,
      sentAt: this.clock.now(),
    });
  }

  async recordedNotifications(query: PageRequest): Promise<Page<RecordedNotification>> {
    return newestFirst(this.notifications, (notification) => notification.sentAt, query);
  }
}

function newestFirst<T>(
  items: readonly T[],
  at: (item: T) => Date,
  { page, pageSize }: PageRequest,
): Page<T> {
  const sorted = [...items].sort((a, b) => at(b).getTime() - at(a).getTime());
  const start = (page - 1) * pageSize;
  return { items: sorted.slice(start, start + pageSize), total: sorted.length, page, pageSize };
}
