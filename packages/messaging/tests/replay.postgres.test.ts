// Replaying and discarding dead letters on the real PostgreSQL: the new columns, the inbox shared with
// the consumers, the conditional close, and the audit trail naming the admin. No Redis needed.
import { type Database, openDatabase } from '@allocation/db';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '@allocation/db/testing';
import { type AllocationBus, bootstrap, CreateBatch } from '@allocation/domain';
import { FakeClock, RecordingLogger, testOrigin, userOrigin } from '@allocation/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterDesk, parseChangeBatchQuantity, streamEntryKey } from '../src/index.ts';

const skipReason = await postgresSkipReason('messaging');
const admin = userOrigin('Ada Admin', 'req-pg');

describe.skipIf(skipReason !== undefined)('dead letters on PostgreSQL', () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let bus: AllocationBus;
  let desk: DeadLetterDesk;
  const clock = new FakeClock(new Date('2026-12-02T09:00:00.000Z'));
  let count = 0;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await openDatabase({
      url: testDatabase.url,
      poolSize: 6,
      logger: new RecordingLogger(),
      clock,
    });
    bus = bootstrap({ uow: database.uow, clock, logger: new RecordingLogger() });
    desk = new DeadLetterDesk({ bus, deadLetters: database.deadLetters, clock });
    await bus.handle(CreateBatch({ ref: 'B-1', sku: 'LAMP', qty: 100, eta: null }), testOrigin);
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  async function letter(payload: string, inboxKey: string | null): Promise<string> {
    await database.deadLetters.record({
      channel: 'stream:change_batch_quantity',
      payload,
      error: 'Entry: ChangeBatchQuantity failed: UnknownBatch',
      receivedAt: clock.now(),
      inboxKey,
    });
    count += 1;
    return String(count);
  }

  const purchased = async () => (await database.views.stockForSku('LAMP'))[0]?.purchased;

  it('keeps the inbox key and starts open; the view shows the state', async () => {
    const id = await letter('{"batchref": "B-1", "qty": 1}', 'stream:change_batch_quantity:1-0');
    expect(await database.deadLetters.find(id)).toEqual({
      id,
      channel: 'stream:change_batch_quantity',
      payload: '{"batchref": "B-1", "qty": 1}',
      error: 'Entry: ChangeBatchQuantity failed: UnknownBatch',
      receivedAt: clock.now(),
      inboxKey: 'stream:change_batch_quantity:1-0',
      state: 'open',
      closedAt: null,
      closedBy: null,
      outcome: null,
    });
    expect(await database.deadLetters.find('999999')).toBeNull();
    expect(await database.deadLetters.find('not-an-id')).toBeNull();
    const page = await database.views.deadLetters({ page: 1, pageSize: 10 });
    expect(page.items.find((item) => item.id === id)).toMatchObject({
      state: 'open',
      inboxKey: 'stream:change_batch_quantity:1-0',
    });
  });

  it('replays through the inbox once, even when two admins replay at the same time', async () => {
    const id = await letter('{"batchref": "B-1", "qty": 40}', streamEntryKey('change_batch_quantity', '2-0'));
    const outcomes = await Promise.allSettled([desk.replay(id, admin), desk.replay(id, admin)]);
    expect(await purchased()).toBe(40);
    const letterNow = await database.deadLetters.find(id);
    expect(letterNow).toMatchObject({ state: 'replayed', closedBy: 'Ada Admin', closedAt: clock.now() });
    // Either both went through the inbox (one applied, one repeated: one closed it), or the second
    // found it closed already.
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'dead_letter.closed' });
    }
    const activity = await database.views.activity({
      page: 1,
      pageSize: 10,
      actor: 'Ada',
      command: 'ChangeBatchQuantity',
    });
    expect(activity.items[0]).toMatchObject({
      actor: admin.actor,
      requestId: 'req-pg',
      outcome: 'succeeded',
    });
  });

  it('changes nothing when the message had taken effect before it was dead-lettered', async () => {
    const key = streamEntryKey('change_batch_quantity', '3-0');
    await bus.handle(
      { ...parseChangeBatchQuantity('{"batchref": "B-1", "qty": 30}'), idempotencyKey: key },
      testOrigin,
    );
    await bus.handle(parseChangeBatchQuantity('{"batchref": "B-1", "qty": 50}'), testOrigin);
    const id = await letter('{"batchref": "B-1", "qty": 30}', key);
    await expect(desk.replay(id, admin)).resolves.toMatchObject({ state: 'replayed', outcome: 'repeated' });
    expect(await purchased()).toBe(50);
  });

  it('leaves a letter open when its batch is still unknown, with the domain code', async () => {
    const id = await letter('{"batchref": "NOPE", "qty": 1}', null);
    await expect(desk.replay(id, admin)).rejects.toMatchObject({ code: 'batch.unknown' });
    expect(await database.deadLetters.find(id)).toMatchObject({ state: 'open', closedAt: null });
  });

  it('discards once (two at the same time: one wins), kept for the record and in the audit trail', async () => {
    const id = await letter('not json', null);
    const outcomes = await Promise.allSettled([desk.discard(id, admin), desk.discard(id, admin)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({
      reason: { code: 'dead_letter.closed' },
    });
    expect(await database.deadLetters.find(id)).toMatchObject({
      state: 'discarded',
      closedBy: 'Ada Admin',
      payload: 'not json',
    });
    await expect(desk.replay(id, admin)).rejects.toMatchObject({ code: 'dead_letter.closed' });
    const activity = await database.views.activity({ page: 1, pageSize: 10, command: 'DiscardDeadLetter' });
    expect(activity.items).toHaveLength(1);
    expect(activity.items[0]).toMatchObject({
      actor: admin.actor,
      outcome: 'succeeded',
      fields: { deadLetter: id },
    });
  });

  it('refuses a state the table does not know (CHECK)', async () => {
    const id = await letter('x', null);
    await expect(
      database.deadLetters.close(id, {
        state: 'lost' as 'discarded',
        at: clock.now(),
        by: 'x',
        outcome: null,
      }),
    ).rejects.toThrow();
    expect(await database.deadLetters.find(id)).toMatchObject({ state: 'open' });
  });
});
