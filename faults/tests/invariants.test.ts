import { describe, expect, it } from 'vitest';
import {
  allocationsExact,
  changesEffectiveOnce,
  compareIds,
  END,
  everyRequestAnswered,
  lineAllocatedOnce,
  notificationsOnce,
  passed,
  phaseOf,
  recoveredInTime,
  viewsAgree,
} from '../src/invariants.ts';
import type { Observations, Phase } from '../src/observations.ts';
import { messageIdOf } from '../src/smtp.ts';

const phases: Phase[] = [
  { name: 'baseline', start: 0, end: 1000 },
  { name: 'pg', fault: 'postgres', start: 1000, end: 20_000, faultStart: 1000, faultEnd: 3000 },
  { name: 'redis', fault: 'redis', start: 20_000, end: 30_000, faultStart: 20_000, faultEnd: 25_000 },
];

function observations(overrides: Partial<Observations> = {}): Observations {
  return {
    phases,
    requests: [],
    lines: [],
    restChanges: [],
    initialQty: new Map(),
    streamBatches: [],
    allocations: [],
    allocationsView: [],
    batches: [],
    outbox: [],
    inboxKeys: new Set(),
    notifications: [],
    deadLetters: [],
    lineAllocatedStream: [],
    changeEntries: [],
    changeEntriesAdded: [],
    pendingAtEnd: 0,
    mails: [],
    messageIdDomain: 'x.test',
    samples: [],
    recoveries: [],
    processes: [],
    graceMs: 10_000,
    ...overrides,
  };
}

const line = (orderid: string, final: 'allocated' | 'out_of_stock' | undefined, start = 500) => ({
  orderid,
  sku: 'LAMP',
  qty: 1,
  group: 'fixed' as const,
  start,
  ...(final === 'allocated' ? { final: { status: 'allocated' as const, batchref: 'b1' } } : {}),
  ...(final === 'out_of_stock' ? { final: { status: 'out_of_stock' as const } } : {}),
});
const allocation = (orderid: string, batchref = 'b1') => ({ orderid, sku: 'LAMP', qty: 1, batchref });
const message = (id: string, orderid: string, batchref = 'b1', createdAt = 500) => ({
  id,
  orderid,
  sku: 'LAMP',
  qty: 1,
  batchref,
  createdAt,
  sentAt: createdAt + 10,
});

describe('phases', () => {
  it('puts a moment in the last phase that started at or before it', () => {
    expect(phaseOf(phases, 0)).toBe('baseline');
    expect(phaseOf(phases, 1500)).toBe('pg');
    expect(phaseOf(phases, 99_000)).toBe('redis');
  });

  it('orders stream entry ids and outbox ids numerically', () => {
    expect(['10-0', '9-1', '9-0'].sort(compareIds)).toEqual(['9-0', '9-1', '10-0']);
    expect(['10', '9'].sort(compareIds)).toEqual(['9', '10']);
  });
});

describe('every request answered', () => {
  it('accepts a 503 while the database was away (and for the grace after), nowhere else', () => {
    const ok = everyRequestAnswered(
      observations({
        requests: [
          { kind: 'allocate', start: 1500, end: 1600, status: 503 },
          { kind: 'allocate', start: 12_000, end: 12_100, status: 503 },
          { kind: 'allocate', start: 100, end: 200, status: 202 },
        ],
      }),
    );
    expect(ok.cells.pg).toEqual({ ok: true, text: '2 answered (2×503)' });
    const late = everyRequestAnswered(
      observations({ requests: [{ kind: 'allocate', start: 21_000, end: 21_100, status: 503 }] }),
    );
    expect(late.cells.redis?.ok).toBe(false);
  });

  it('fails on a hang, a 500 or no answer at all', () => {
    const row = everyRequestAnswered(
      observations({
        requests: [
          { kind: 'allocate', start: 100, end: 15_100, failure: 'timeout' },
          { kind: 'allocate', start: 100, end: 200, status: 500 },
          { kind: 'allocate', start: 100, end: 200, failure: 'network' },
        ],
      }),
    );
    expect(row.cells.baseline).toEqual({ ok: false, text: '1 hung, 1 without answer, 1 5xx of 3' });
  });
});

describe('allocations', () => {
  it('finds every line the service said it allocated, and none it said was out of stock', () => {
    const row = allocationsExact(
      observations({
        lines: [line('o1', 'allocated'), line('o2', 'allocated'), line('o3', 'out_of_stock')],
        allocations: [allocation('o1'), allocation('o3')],
      }),
    );
    expect(row.cells.baseline).toEqual({
      ok: false,
      text: '1 lost, 1 allocated after "out of stock" of 3',
    });
  });

  it('counts a line allocated twice, and lines nobody asked for', () => {
    const row = allocationsExact(
      observations({
        lines: [line('o1', 'allocated')],
        allocations: [allocation('o1'), allocation('stranger')],
        outbox: [message('1', 'o1'), message('2', 'o1')],
      }),
    );
    expect(row.cells.baseline?.text).toContain('1 doubled');
    expect(row.cells[END]).toEqual({ ok: false, text: '1 lines nobody asked for' });
  });

  it('lets an unanswered line be either way', () => {
    const row = allocationsExact(
      observations({
        lines: [line('o1', undefined, 1500), line('o2', undefined, 1500)],
        allocations: [allocation('o1')],
      }),
    );
    expect(row.cells.pg).toEqual({
      ok: true,
      text: '2 lines: 0 allocated, 0 out of stock, 2 unanswered (1 committed)',
    });
  });
});

describe('line_allocated', () => {
  it('wants every outbox message on the stream, repeats of an id allowed', () => {
    const entry = (entryId: string, id: string) => ({
      entryId,
      id,
      payload: JSON.stringify({ orderid: `o${id}`, sku: 'LAMP', qty: 1, batchref: 'b1' }),
    });
    const obs = observations({
      outbox: [message('1', 'o1'), message('2', 'o2')],
      lineAllocatedStream: [entry('1-0', '1'), entry('2-0', '1')],
    });
    expect(lineAllocatedOnce(obs).cells.baseline).toEqual({
      ok: false,
      text: '1 sent but not on the stream of 2',
    });
    const fine = observations({
      outbox: [message('1', 'o1'), message('2', 'o2')],
      lineAllocatedStream: [entry('1-0', '1'), entry('2-0', '1'), entry('3-0', '2')],
    });
    expect(lineAllocatedOnce(fine).cells.baseline).toEqual({
      ok: true,
      text: '2/2 ids (+1 repeated, same id)',
    });
  });
});

describe('change_batch_quantity', () => {
  it('wants each entry in the inbox and each batch at its last entry', () => {
    const row = changesEffectiveOnce(
      observations({
        streamBatches: ['s1'],
        initialQty: new Map([['s1', 20]]),
        batches: [{ reference: 's1', sku: 'X', purchased: 11, allocated: 0, sumOfLines: 0 }],
        changeEntries: [
          { entryId: '100-0', at: 100, batchref: 's1', qty: 11 },
          { entryId: '200-0', at: 200, batchref: 's1', qty: 12 },
        ],
        changeEntriesAdded: ['100-0', '200-0'],
        inboxKeys: new Set(['stream:change_batch_quantity:100-0', 'stream:change_batch_quantity:200-0']),
      }),
    );
    expect(row.cells.baseline).toEqual({
      ok: false,
      text: '1 stream batches left at an older value of 2',
    });
  });

  it('lets a REST batch end at a change whose answer was lost', () => {
    const row = changesEffectiveOnce(
      observations({
        initialQty: new Map([['r1', 20]]),
        batches: [{ reference: 'r1', sku: 'X', purchased: 14, allocated: 0, sumOfLines: 0 }],
        restChanges: [
          { ref: 'r1', qty: 12, start: 100, result: 'applied' },
          { ref: 'r1', qty: 14, start: 1500, result: 'ambiguous' },
        ],
      }),
    );
    expect(passed([row])).toBe(true);
  });
});

describe('notifications', () => {
  it('counts each Message-ID at the SMTP server, and each out-of-stock order in an email', () => {
    const row = notificationsOnce(
      observations({
        lines: [line('o1', 'out_of_stock'), line('o2', 'out_of_stock')],
        notifications: [{ id: '7', createdAt: 600, sentAt: 700, orderids: ['o1'] }],
        mails: [
          { messageId: '<notification-7@x.test>', at: 700 },
          { messageId: '<notification-7@x.test>', at: 800 },
        ],
      }),
    );
    expect(row.cells.baseline).toEqual({
      ok: false,
      text: '1 received more than once, 1 out-of-stock orders in no email (1 emails)',
    });
  });

  describe('a worker killed with -9 between the SMTP server taking an email and marking it sent', () => {
    const withKill: Phase[] = [
      ...phases,
      { name: 'kill', fault: 'worker', start: 30_000, end: 40_000, faultStart: 30_000, faultEnd: 30_100 },
    ];
    /** The baseline cell for one email (written before the kill, marked sent at last) received at these times. */
    const receivedAt = (...times: number[]) =>
      notificationsOnce(
        observations({
          phases: withKill,
          lines: [line('o1', 'out_of_stock')],
          notifications: [{ id: '7', createdAt: 600, sentAt: 130_000, orderids: ['o1'] }],
          mails: times.map((at) => ({ messageId: '<notification-7@x.test>', at })),
        }),
      ).cells.baseline;

    it('allows that one email again, with the same Message-ID, once the lease ran out', () => {
      expect(receivedAt(30_050, 130_000)).toEqual({
        ok: true,
        text: '0/1 emails once (+1 mailed again after the worker kill, same Message-ID), 1 orders',
      });
    });

    it('still fails a repeat whose first copy arrived away from the kill, and a third copy', () => {
      expect(receivedAt(20_000, 130_000)?.ok).toBe(false);
      expect(receivedAt(30_050, 130_000, 131_000)?.ok).toBe(false);
    });
  });
});

describe('read side', () => {
  it('wants allocations_view to show every allocation on its batch, and nothing else', () => {
    const row = viewsAgree(
      observations({
        lines: [line('o1', 'allocated'), line('o2', 'allocated'), line('o3', 'allocated')],
        allocations: [allocation('o1'), allocation('o2'), allocation('o3', 'b2')],
        allocationsView: [allocation('o1'), allocation('o3'), allocation('gone')],
      }),
    );
    expect(row.cells.baseline).toEqual({
      ok: false,
      text: '1 allocations missing from the view, 1 shown on another batch (3 allocations)',
    });
    expect(row.cells[END]?.ok).toBe(false);
  });
});

describe('recovery', () => {
  it('fails a fault after which the API or a pipeline stayed away past its bound', () => {
    const row = recoveredInTime(
      observations({
        recoveries: [
          { fault: 'postgres', apiMs: 800, checks: [{ label: 'stream', ms: 12_000, boundMs: 10_000 }] },
          { fault: 'redis', apiMs: 100, checks: [] },
        ],
      }),
    );
    expect(row.cells.pg).toEqual({ ok: false, text: 'API 0.8 s, stream 12.0 s' });
    expect(row.cells.redis?.ok).toBe(true);
  });
});

describe('Message-ID of a received mail', () => {
  it('reads the header, folded or not, and not from the body', () => {
    expect(messageIdOf('Subject: x\r\nMessage-ID: <notification-1@x.test>\r\n\r\nbody')).toBe(
      '<notification-1@x.test>',
    );
    expect(messageIdOf('Message-Id:\r\n <n-2@x.test>\r\nTo: a\r\n\r\n')).toBe('<n-2@x.test>');
    expect(messageIdOf('Subject: x\r\n\r\nMessage-ID: <fake@x>')).toBeUndefined();
  });
});
