// deadLetter.replay and deadLetter.discard: admins only (the access matrix), the admin named as the
// origin, the letter answered on the wire, refusals translated by their codes.
import { RequestError } from '@allocation/contracts';
import { type CommandOrigin, type DeadLetter, UnknownBatch } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import { createCaller, type DeadLetterActions } from '../src/index.ts';
import { fakeApi, rejection, userOf } from './support.ts';

const letter: DeadLetter = {
  id: '7',
  channel: 'stream:change_batch_quantity',
  payload: '{"batchref": "B-1", "qty": 5}',
  error: 'Entry 1-0: ChangeBatchQuantity failed: UnknownBatch: Unknown batch B-1',
  receivedAt: new Date('2026-01-01T10:00:00Z'),
  inboxKey: 'stream:change_batch_quantity:1-0',
  state: 'open',
  closedAt: null,
  closedBy: null,
  outcome: null,
};

/** Records who asked for what; answers as told. */
function desk(answer: (action: 'replay' | 'discard', id: string) => DeadLetter) {
  const calls: { action: string; id: string; origin: CommandOrigin }[] = [];
  const actions: DeadLetterActions = {
    replay: async (id, origin) => {
      calls.push({ action: 'replay', id, origin });
      return answer('replay', id);
    },
    discard: async (id, origin) => {
      calls.push({ action: 'discard', id, origin });
      return answer('discard', id);
    },
  };
  return { actions, calls };
}

function adminApi(actions: DeadLetterActions) {
  const { deps } = fakeApi();
  return createCaller(
    { ...deps, deadLetterActions: actions },
    { actor: userOf('admin'), requestId: 'req-9' },
  );
}

describe('deadLetter.replay', () => {
  it('replays for the admin as origin and answers the letter, dates as ISO strings', async () => {
    const closedAt = new Date('2026-01-02T08:00:00Z');
    const { actions, calls } = desk(() => ({
      ...letter,
      state: 'replayed',
      closedAt,
      closedBy: 'Admin Person',
      outcome: 'applied',
    }));
    const answer = await adminApi(actions).deadLetter.replay({ id: '7' });
    expect(answer).toEqual({
      ...letter,
      receivedAt: '2026-01-01T10:00:00.000Z',
      state: 'replayed',
      closedAt: '2026-01-02T08:00:00.000Z',
      closedBy: 'Admin Person',
      outcome: 'applied',
    });
    expect(calls).toEqual([
      {
        action: 'replay',
        id: '7',
        origin: { actor: { kind: 'user', id: 'admin-1', name: 'Admin Person' }, requestId: 'req-9' },
      },
    ]);
  });

  it('answers a replay that failed again with its code: a domain error, a message still poison', async () => {
    const stillUnknown = desk(() => {
      throw new UnknownBatch('B-1');
    });
    const domain = await rejection(adminApi(stillUnknown.actions).deadLetter.replay({ id: '7' }));
    expect(domain.code).toBe('NOT_FOUND');
    expect(domain.message).toBe('Unknown batch B-1');

    const poison = desk(() => {
      throw new RequestError(
        'request.invalid',
        'Dead letter 7 cannot be replayed: its message is still poison',
      );
    });
    const invalid = await rejection(adminApi(poison.actions).deadLetter.replay({ id: '7' }));
    expect(invalid.code).toBe('BAD_REQUEST');
    expect(invalid.message).toMatch(/still poison/);
  });

  it('refuses a closed letter as a conflict and an unknown one as not found', async () => {
    const closed = desk(() => {
      throw new RequestError('dead_letter.closed', 'Dead letter 7 was already discarded');
    });
    expect((await rejection(adminApi(closed.actions).deadLetter.replay({ id: '7' }))).code).toBe('CONFLICT');
    const unknown = desk(() => {
      throw new RequestError('dead_letter.unknown', 'No dead letter 7');
    });
    expect((await rejection(adminApi(unknown.actions).deadLetter.discard({ id: '7' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses an id that is no dead letter id before asking anyone', async () => {
    const { actions, calls } = desk(() => letter);
    for (const id of ['', '0', '-1', 'abc', '1'.repeat(19)]) {
      expect((await rejection(adminApi(actions).deadLetter.replay({ id }))).code).toBe('BAD_REQUEST');
    }
    expect(calls).toEqual([]);
  });

  it('is forbidden to an operator, who is recorded in the audit trail, and nothing is replayed', async () => {
    const { actions, calls } = desk(() => letter);
    const { deps, uow } = fakeApi();
    const api = createCaller({ ...deps, deadLetterActions: actions }, { actor: userOf('operator') });
    expect((await rejection(api.deadLetter.replay({ id: '7' }))).code).toBe('FORBIDDEN');
    expect(calls).toEqual([]);
    expect(uow.auditRecords.at(-1)).toMatchObject({
      command: 'deadLetter.replay',
      actor: { name: 'Operator Person' },
      outcome: 'refused',
      reason: { code: 'forbidden' },
    });
  });
});

describe('deadLetter.discard', () => {
  it('discards for the admin as origin', async () => {
    const { actions, calls } = desk(() => ({
      ...letter,
      state: 'discarded',
      closedAt: new Date('2026-01-02T08:00:00Z'),
      closedBy: 'Admin Person',
    }));
    const answer = await adminApi(actions).deadLetter.discard({ id: '7' });
    expect(answer).toMatchObject({ state: 'discarded', closedBy: 'Admin Person', outcome: null });
    expect(calls.map(({ action, origin }) => [action, origin.actor.name])).toEqual([
      ['discard', 'Admin Person'],
    ]);
  });

  it('fails as internal when no dead-letter actions are wired', async () => {
    const { deps } = fakeApi();
    const api = createCaller(deps, { actor: userOf('admin') });
    expect((await rejection(api.deadLetter.discard({ id: '7' }))).code).toBe('INTERNAL_SERVER_ERROR');
  });
});
