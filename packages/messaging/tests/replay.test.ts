// Replaying and discarding dead letters, on the fakes: the same parsing and inbox as the consumer,
// the admin as the command's origin, and closed letters kept for the record.

import { CreateBatch } from '@allocation/domain';
import {
  bootstrapWithFakes,
  FakeDeadLetters,
  RecordingLogger,
  testOrigin,
  userOrigin,
} from '@allocation/domain/testing';
import { describe, expect, it } from 'vitest';
import {
  DeadLetterDesk,
  MAX_MESSAGE_BYTES,
  parseChangeBatchQuantity,
  replayKeyOf,
  setAside,
  streamEntryKey,
} from '../src/index.ts';

const admin = userOrigin('Ada Admin', 'req-replay');

async function system() {
  const fakes = bootstrapWithFakes();
  const deadLetters = new FakeDeadLetters();
  const desk = new DeadLetterDesk({ bus: fakes.bus, deadLetters, clock: fakes.clock });
  await fakes.bus.handle(CreateBatch({ ref: 'B-1', sku: 'LAMP', qty: 100, eta: null }), testOrigin);
  const letter = async (payload: string, inboxKey: string | null = null) => {
    await setAside(
      { deadLetters, logger: new RecordingLogger(), clock: fakes.clock },
      { channel: 'stream:change_batch_quantity', payload, error: 'Unknown batch', inboxKey },
    );
    return String(deadLetters.letters.length);
  };
  const purchased = async () => (await fakes.views.stockForSku('LAMP'))[0]?.purchased;
  return { ...fakes, deadLetters, desk, letter, purchased };
}

describe('replaying a dead letter', () => {
  it('handles the message as the consumer would, for the admin, and closes the letter as applied', async () => {
    const s = await system();
    const id = await s.letter(
      '{"batchref": "B-1", "qty": 40}',
      streamEntryKey('change_batch_quantity', '1-0'),
    );

    const replayed = await s.desk.replay(id, admin);

    expect(await s.purchased()).toBe(40);
    expect(replayed).toMatchObject({
      id,
      state: 'replayed',
      closedBy: 'Ada Admin',
      closedAt: s.clock.now(),
      outcome: 'applied',
      inboxKey: 'stream:change_batch_quantity:1-0',
    });
    const record = s.uow.auditRecords.at(-1);
    expect(record).toMatchObject({
      command: 'ChangeBatchQuantity',
      actor: admin.actor,
      requestId: 'req-replay',
      outcome: 'succeeded',
      fields: { ref: 'B-1', qty: 40, idempotencyKey: 'stream:change_batch_quantity:1-0' },
    });
  });

  it('goes through the inbox: a message that had already taken effect changes nothing', async () => {
    const s = await system();
    const key = streamEntryKey('change_batch_quantity', '7-0');
    await s.bus.handle(
      { ...parseChangeBatchQuantity('{"batchref": "B-1", "qty": 40}'), idempotencyKey: key },
      testOrigin,
    );
    await s.bus.handle(parseChangeBatchQuantity('{"batchref": "B-1", "qty": 60}'), testOrigin);
    const id = await s.letter('{"batchref": "B-1", "qty": 40}', key);

    const replayed = await s.desk.replay(id, admin);

    expect(await s.purchased()).toBe(60);
    expect(replayed).toMatchObject({ state: 'replayed', outcome: 'repeated' });
  });

  it('applies a letter without inbox key once, under a key of its own', async () => {
    const s = await system();
    const id = await s.letter('{"batchref": "B-1", "qty": 40}');
    await s.desk.replay(id, admin);
    expect(s.uow.auditRecords.at(-1)?.fields).toMatchObject({ idempotencyKey: replayKeyOf(id) });
    expect(await s.purchased()).toBe(40);
  });

  it('leaves poison open and says why, as request.invalid, recorded as refused for the admin', async () => {
    const s = await system();
    const notJson = await s.letter('{"batchref": "B-1", "qty":');
    const wrongShape = await s.letter('{"batchref": "B-1"}');
    const cut = await s.letter(`{"batchref": "${'x'.repeat(MAX_MESSAGE_BYTES)}`);

    await expect(s.desk.replay(notJson, admin)).rejects.toMatchObject({
      code: 'request.invalid',
      message: expect.stringMatching(/still poison \(Malformed JSON/),
    });
    await expect(s.desk.replay(wrongShape, admin)).rejects.toMatchObject({
      code: 'request.invalid',
      message: expect.stringMatching(/Wrong shape: qty/),
    });
    await expect(s.desk.replay(cut, admin)).rejects.toMatchObject({ code: 'request.invalid' });
    expect(s.deadLetters.letters.map((letter) => letter.state)).toEqual(['open', 'open', 'open']);
    expect(s.uow.auditRecords.at(-1)).toMatchObject({
      actor: admin.actor,
      outcome: 'refused',
      reason: { code: 'request.invalid' },
      fields: { deadLetter: cut },
    });
  });

  it('leaves a letter whose batch is still unknown open, with the domain code', async () => {
    const s = await system();
    const id = await s.letter('{"batchref": "NOPE", "qty": 5}', 'stream:change_batch_quantity:3-0');

    await expect(s.desk.replay(id, admin)).rejects.toMatchObject({ code: 'batch.unknown' });

    expect(s.deadLetters.letters[0]?.state).toBe('open');
    expect(s.uow.auditRecords.at(-1)).toMatchObject({
      actor: admin.actor,
      outcome: 'refused',
      reason: { code: 'batch.unknown' },
    });
    // Once the batch exists, the same letter replays.
    await s.bus.handle(CreateBatch({ ref: 'NOPE', sku: 'LAMP', qty: 1, eta: null }), testOrigin);
    await expect(s.desk.replay(id, admin)).resolves.toMatchObject({ state: 'replayed', outcome: 'applied' });
  });

  it('refuses a closed letter (replayed or discarded) and an unknown one', async () => {
    const s = await system();
    const replayed = await s.letter('{"batchref": "B-1", "qty": 40}');
    const discarded = await s.letter('{"batchref": "B-1", "qty": 30}');
    await s.desk.replay(replayed, admin);
    await s.desk.discard(discarded, admin);

    for (const id of [replayed, discarded]) {
      await expect(s.desk.replay(id, admin)).rejects.toMatchObject({
        code: 'dead_letter.closed',
        message: expect.stringContaining('by Ada Admin'),
      });
      await expect(s.desk.discard(id, admin)).rejects.toMatchObject({ code: 'dead_letter.closed' });
    }
    await expect(s.desk.replay('99', admin)).rejects.toMatchObject({ code: 'dead_letter.unknown' });
    await expect(s.desk.discard('99', admin)).rejects.toMatchObject({ code: 'dead_letter.unknown' });
    expect(await s.purchased()).toBe(40);
  });
});

describe('discarding a dead letter', () => {
  it('marks it discarded (who, when), keeps it, changes no stock, and records it for the admin', async () => {
    const s = await system();
    const id = await s.letter('{"batchref": "B-1", "qty": 40}');

    const discarded = await s.desk.discard(id, admin);

    expect(discarded).toMatchObject({
      id,
      state: 'discarded',
      closedBy: 'Ada Admin',
      closedAt: s.clock.now(),
      outcome: null,
      payload: '{"batchref": "B-1", "qty": 40}',
    });
    expect(await s.purchased()).toBe(100);
    expect(s.uow.auditRecords.at(-1)).toMatchObject({
      command: 'DiscardDeadLetter',
      actor: admin.actor,
      requestId: 'req-replay',
      outcome: 'succeeded',
      fields: { deadLetter: id, channel: 'stream:change_batch_quantity' },
    });
  });
});
