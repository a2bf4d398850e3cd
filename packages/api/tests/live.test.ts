// The live views' subscription: every change the feed hears, with its id (so a browser that
// reconnects resumes after the last it saw), to managers and up.
import type { LiveChange } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import { fakeApi, rejection, userOf } from './support.ts';

const stock = (sku: string) => ({ lists: ['batches'] as const, skus: [sku], orders: [], batches: [] });

/** Reads `count` events of the subscription (each tracked: its id, then the change), then stops it. */
async function read(subscription: Promise<AsyncIterable<unknown>>, count: number): Promise<LiveChange[]> {
  const heard: LiveChange[] = [];
  for await (const event of await subscription) {
    const [id, change] = event as [string, LiveChange];
    expect(id).toBe(change.id);
    heard.push(change);
    if (heard.length === count) break;
  }
  return heard;
}

describe('live changes', () => {
  it('tell a manager every change committed from now on, by id', async () => {
    const { api, changes } = fakeApi({ actor: userOf('manager') });
    const reading = read(api.live.changes(undefined), 2);
    await expect.poll(() => changes.subscribers).toBe(1);
    changes.announce(stock('LAMP'));
    changes.announce({ lists: ['alerts'], skus: ['DESK'], orders: ['order-1'], batches: [] });
    const heard = await reading;
    expect(heard.map((change) => [change.id, change.skus])).toEqual([
      ['1', ['LAMP']],
      ['2', ['DESK']],
    ]);
    await expect.poll(() => changes.subscribers).toBe(0);
  });

  it('first tell a subscriber that comes back what it missed after its last event', async () => {
    const { api, changes } = fakeApi({ actor: userOf('manager') });
    changes.announce(stock('SEEN'));
    changes.announce(stock('MISSED'));
    const heard = await read(api.live.changes({ lastEventId: '1' }), 1);
    expect(heard.map((change) => change.skus)).toEqual([['MISSED']]);
  });

  it('say everything may have changed when what it missed is no longer known', async () => {
    const { api } = fakeApi({ actor: userOf('manager') });
    const [change] = await read(api.live.changes({ lastEventId: '99' }), 1);
    expect(change).toMatchObject({ skus: null, orders: null, batches: null });
    expect(change?.lists).toEqual(['batches', 'alerts', 'notifications', 'deadLetters', 'activity']);
  });

  it('are not told to anonymous callers, nor to pages of another origin', async () => {
    expect((await rejection(fakeApi({ actor: undefined }).api.live.changes())).code).toBe('UNAUTHORIZED');
    const crossSite = fakeApi({ actor: userOf('admin'), crossOrigin: true });
    expect((await rejection(crossSite.api.live.changes())).code).toBe('FORBIDDEN');
  });

  it('refuse an event id that is not one', async () => {
    const { api } = fakeApi({ actor: userOf('manager') });
    const failure = await rejection(api.live.changes({ lastEventId: 'x'.repeat(40) }));
    expect(failure.code).toBe('BAD_REQUEST');
  });
});
