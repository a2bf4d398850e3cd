/**
 * The invariants, checked over what a run observed (observations.ts): pure functions, one row of the
 * fault × invariant table each. Every figure is attributed to the phase (fault) it happened in; state
 * that only exists at the end (what is still pending, what nobody asked for) goes to the `end` column.
 */
import type { Observations, Phase } from './observations.ts';

export interface Cell {
  readonly ok: boolean;
  readonly text: string;
}

export interface Row {
  readonly invariant: string;
  /** By phase name, plus `end`; a missing cell is "not applicable". */
  readonly cells: Readonly<Record<string, Cell>>;
}

export const END = 'end';

/** The phase `at` (epoch ms) falls in: the last one that started at or before it (the first if before all). */
export function phaseOf(phases: readonly Phase[], at: number): string {
  let name = phases[0]?.name ?? END;
  for (const phase of phases) if (phase.start <= at) name = phase.name;
  return name;
}

/** Counters per phase, turned into cells at the end. */
class Tally {
  private readonly counts = new Map<string, Map<string, number>>();
  add(phase: string, key: string, by = 1): void {
    const forPhase = this.counts.get(phase) ?? new Map<string, number>();
    forPhase.set(key, (forPhase.get(key) ?? 0) + by);
    this.counts.set(phase, forPhase);
  }
  get(phase: string, key: string): number {
    return this.counts.get(phase)?.get(key) ?? 0;
  }
  phases(): string[] {
    return [...this.counts.keys()];
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 lost, 1 doubled" from the counts that are not zero. */
function problems(tally: Tally, phase: string, labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels)
    .filter(([key]) => tally.get(phase, key) > 0)
    .map(([key, label]) => `${tally.get(phase, key)} ${label}`);
}

function cellsOf(
  describe: (phase: string) => Cell | undefined,
  phases: readonly string[],
): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  for (const phase of [...phases, END]) {
    const cell = describe(phase);
    if (cell) cells[phase] = cell;
  }
  return cells;
}

/** 1. Every request got an answer: 2xx/4xx, or 503 while the database was away; no hang, no 500. */
export function everyRequestAnswered(obs: Observations): Row {
  const tally = new Tally();
  const dbWindows = obs.phases
    .filter((phase) => phase.fault === 'postgres' && phase.faultStart !== undefined)
    .map((phase) => [phase.faultStart as number, (phase.faultEnd ?? phase.end) + obs.graceMs] as const);
  for (const request of obs.requests) {
    const phase = phaseOf(obs.phases, request.start);
    tally.add(phase, 'total');
    if (request.failure === 'timeout') tally.add(phase, 'hung');
    else if (request.failure === 'network') tally.add(phase, 'network');
    else if (request.status === undefined) tally.add(phase, 'network');
    else if (request.status >= 200 && request.status < 300) tally.add(phase, 'ok');
    else if (request.status >= 400 && request.status < 500) tally.add(phase, '4xx');
    else if (
      request.status === 503 &&
      dbWindows.some(([from, to]) => request.end >= from && request.start <= to)
    ) {
      tally.add(phase, '503');
    } else tally.add(phase, request.status === 503 ? '503-outside' : 'status-5xx');
  }
  const names = obs.phases.map((phase) => phase.name);
  return {
    invariant: 'every request answered (2xx/4xx, 503 only while the database was away)',
    cells: cellsOf((phase) => {
      const total = tally.get(phase, 'total');
      if (total === 0) return undefined;
      const bad = problems(tally, phase, {
        hung: 'hung',
        network: 'without answer',
        'status-5xx': '5xx',
        '503-outside': '503 outside a database outage',
      });
      const extra = [
        tally.get(phase, '503') ? `${tally.get(phase, '503')}×503` : '',
        tally.get(phase, '4xx') ? `${tally.get(phase, '4xx')}×4xx` : '',
      ].filter(Boolean);
      return bad.length
        ? { ok: false, text: `${bad.join(', ')} of ${total}` }
        : { ok: true, text: `${total} answered${extra.length ? ` (${extra.join(', ')})` : ''}` };
    }, names),
  };
}

const lineKey = (orderid: string, sku: string) => `${orderid}\u0000${sku}`;

/** 2. No allocation lost or doubled: the database holds exactly the lines the service said it allocated. */
export function allocationsExact(obs: Observations): Row {
  const tally = new Tally();
  const rows = new Map(obs.allocations.map((row) => [lineKey(row.orderid, row.sku), row]));
  const outboxByLine = groupBy(obs.outbox, (row) => lineKey(row.orderid, row.sku));
  const asked = new Set<string>();
  for (const line of obs.lines) {
    const key = lineKey(line.orderid, line.sku);
    asked.add(key);
    const phase = phaseOf(obs.phases, line.start);
    tally.add(phase, 'total');
    const row = rows.get(key);
    const final = line.final;
    if (!final) tally.add(phase, row ? 'unknown-in' : 'unknown-out');
    else if (final.status === 'out_of_stock') {
      if (row) tally.add(phase, 'phantom');
      else tally.add(phase, 'oos');
    } else if (!row) tally.add(phase, 'lost');
    else if (row.qty !== line.qty) tally.add(phase, 'wrong-qty');
    else if (line.group === 'fixed' && row.batchref !== final.batchref) tally.add(phase, 'moved');
    else tally.add(phase, 'allocated');
    // Doubled: the service allocated the line twice (two Allocated events to the same batch in a row,
    // or, on skus whose batches never change, more than one at all).
    const events = (outboxByLine.get(key) ?? []).sort((a, b) => compareIds(a.id, b.id));
    const doubled =
      line.group === 'fixed'
        ? events.length > 1
        : events.some((event, i) => i > 0 && events[i - 1]?.batchref === event.batchref);
    if (doubled) tally.add(phase, 'doubled');
  }
  for (const row of obs.allocations) {
    if (!asked.has(lineKey(row.orderid, row.sku))) tally.add(END, 'unasked');
  }
  return {
    invariant: 'no allocation lost or doubled',
    cells: cellsOf(
      (phase) => {
        if (phase === END) {
          const unasked = tally.get(END, 'unasked');
          return {
            ok: unasked === 0,
            text: unasked ? `${unasked} lines nobody asked for` : 'no stray lines',
          };
        }
        const total = tally.get(phase, 'total');
        if (total === 0) return undefined;
        const bad = problems(tally, phase, {
          lost: 'lost',
          phantom: 'allocated after "out of stock"',
          doubled: 'doubled',
          'wrong-qty': 'with another qty',
          moved: 'on another batch',
        });
        const unknown = tally.get(phase, 'unknown-in') + tally.get(phase, 'unknown-out');
        const figures = `${tally.get(phase, 'allocated')} allocated, ${tally.get(phase, 'oos')} out of stock${
          unknown ? `, ${unknown} unanswered (${tally.get(phase, 'unknown-in')} committed)` : ''
        }`;
        return bad.length
          ? { ok: false, text: `${bad.join(', ')} of ${total}` }
          : { ok: true, text: `${total} lines: ${figures}` };
      },
      obs.phases.map((phase) => phase.name),
    ),
  };
}

/** 3. No batch over-allocated: sampled during the load, and at the end. */
export function noOverAllocation(obs: Observations): Row {
  const tally = new Tally();
  for (const sample of obs.samples) {
    const phase = phaseOf(obs.phases, sample.at);
    tally.add(phase, 'samples');
    tally.add(phase, 'violations', sample.violations);
  }
  const over = obs.batches.filter((batch) => batch.allocated > batch.purchased);
  const drift = obs.batches.filter((batch) => batch.allocated !== batch.sumOfLines);
  return {
    invariant: 'no batch over-allocated (allocated ≤ purchased, counter = its lines)',
    cells: cellsOf(
      (phase) => {
        if (phase === END) {
          const bad = [
            over.length ? `${plural(over.length, 'batch', 'batches')} over-allocated` : '',
            drift.length ? `${drift.length} counters ≠ lines` : '',
          ].filter(Boolean);
          return bad.length
            ? { ok: false, text: bad.join(', ') }
            : { ok: true, text: `${obs.batches.length} batches within stock` };
        }
        const samples = tally.get(phase, 'samples');
        if (samples === 0) return undefined;
        const violations = tally.get(phase, 'violations');
        return violations
          ? { ok: false, text: `${violations} violations in ${samples} samples` }
          : { ok: true, text: `${plural(samples, 'sample')} clean` };
      },
      obs.phases.map((phase) => phase.name),
    ),
  };
}

/** 4. Every committed allocation reached the `line_allocated` stream, exactly once by id. */
export function lineAllocatedOnce(obs: Observations): Row {
  const tally = new Tally();
  const entriesById = groupBy(obs.lineAllocatedStream, (entry) => entry.id ?? '');
  const outboxIds = new Set(obs.outbox.map((row) => row.id));
  for (const row of obs.outbox) {
    const phase = phaseOf(obs.phases, row.createdAt);
    tally.add(phase, 'total');
    const entries = entriesById.get(row.id) ?? [];
    if (entries.length === 0) tally.add(phase, row.sentAt === null ? 'unsent' : 'missing');
    else {
      tally.add(phase, 'once');
      if (entries.length > 1) tally.add(phase, 'repeats', entries.length - 1);
      const expected = { orderid: row.orderid, sku: row.sku, qty: row.qty, batchref: row.batchref };
      if (entries.some((entry) => !samePayload(entry.payload, expected))) tally.add(phase, 'garbled');
      if (row.sentAt === null) tally.add(phase, 'unmarked');
    }
  }
  // A committed allocation with no outbox message at all would never be published.
  const outboxByLine = groupBy(obs.outbox, (row) => lineKey(row.orderid, row.sku));
  for (const line of obs.lines) {
    if (line.final?.status !== 'allocated') continue;
    const events = outboxByLine.get(lineKey(line.orderid, line.sku)) ?? [];
    const batchref = line.final.batchref;
    if (!events.some((event) => event.batchref === batchref)) {
      tally.add(phaseOf(obs.phases, line.start), 'no-message');
    }
  }
  // The last word on each line's batch agrees with the database.
  for (const row of obs.allocations) {
    const events = (outboxByLine.get(lineKey(row.orderid, row.sku)) ?? []).sort((a, b) =>
      compareIds(a.id, b.id),
    );
    const last = events.at(-1);
    if (!last || last.batchref !== row.batchref) tally.add(END, 'last-word');
  }
  const strangers = obs.lineAllocatedStream.filter((entry) => !entry.id || !outboxIds.has(entry.id)).length;
  return {
    invariant: 'every committed allocation on stream line_allocated, exactly once by id',
    cells: cellsOf(
      (phase) => {
        if (phase === END) {
          const bad = [
            strangers ? `${strangers} entries with an unknown id` : '',
            tally.get(END, 'last-word')
              ? `${tally.get(END, 'last-word')} lines whose last message ≠ its batch`
              : '',
          ].filter(Boolean);
          return bad.length
            ? { ok: false, text: bad.join(', ') }
            : { ok: true, text: `${obs.lineAllocatedStream.length} entries, ${outboxIds.size} ids` };
        }
        const total = tally.get(phase, 'total');
        if (total === 0) return undefined;
        const bad = problems(tally, phase, {
          missing: 'sent but not on the stream',
          unsent: 'never sent',
          unmarked: 'on the stream but not marked sent',
          garbled: 'with another payload',
          'no-message': 'allocations without a message',
        });
        const repeats = tally.get(phase, 'repeats');
        return bad.length
          ? { ok: false, text: `${bad.join(', ')} of ${total}` }
          : {
              ok: true,
              text: `${tally.get(phase, 'once')}/${total} ids${repeats ? ` (+${repeats} repeated, same id)` : ''}`,
            };
      },
      obs.phases.map((phase) => phase.name),
    ),
  };
}

/** 5. Every quantity change took effect exactly once: each stream entry (inbox), and the REST ones. */
export function changesEffectiveOnce(obs: Observations): Row {
  const tally = new Tally();
  const inStream = new Set(obs.changeEntries.map((entry) => entry.entryId));
  for (const id of obs.changeEntriesAdded) {
    if (!inStream.has(id)) tally.add(phaseOf(obs.phases, timeOfEntryId(id)), 'vanished');
  }
  for (const entry of obs.changeEntries) {
    const phase = phaseOf(obs.phases, entry.at);
    tally.add(phase, 'total');
    if (obs.inboxKeys.has(`stream:change_batch_quantity:${entry.entryId}`)) tally.add(phase, 'effective');
    else tally.add(phase, 'no-effect');
  }
  // Each stream batch ends at its last entry's quantity: an entry applied again after a later one (a
  // redelivery that took effect twice) would leave an older value.
  const purchased = new Map(obs.batches.map((batch) => [batch.reference, batch.purchased]));
  const lastEntry = new Map<string, (typeof obs.changeEntries)[number]>();
  for (const entry of [...obs.changeEntries].sort((a, b) => compareIds(a.entryId, b.entryId))) {
    lastEntry.set(entry.batchref, entry);
  }
  for (const ref of obs.streamBatches) {
    const last = lastEntry.get(ref);
    const expected = last ? last.qty : obs.initialQty.get(ref);
    if (purchased.get(ref) !== expected) tally.add(last ? phaseOf(obs.phases, last.at) : END, 'stale');
  }
  // REST: each batch ends at its last applied change, or at one sent after it whose answer was lost.
  const byRef = groupBy(obs.restChanges, (change) => change.ref);
  for (const [ref, changes] of byRef) {
    let allowed = new Set<number>([obs.initialQty.get(ref) ?? Number.NaN]);
    for (const change of changes) {
      if (change.result === 'applied') allowed = new Set([change.qty]);
      else if (change.result === 'ambiguous') allowed.add(change.qty);
      if (change.result !== 'refused') tally.add(phaseOf(obs.phases, change.start), 'rest');
    }
    const last = changes.at(-1);
    if (!allowed.has(purchased.get(ref) ?? Number.NaN) && last) {
      tally.add(phaseOf(obs.phases, last.start), 'rest-stale');
    }
  }
  const letters = obs.deadLetters.filter((letter) => letter.channel.endsWith('change_batch_quantity')).length;
  return {
    invariant: 'every change_batch_quantity took effect exactly once (stream entries via the inbox, REST)',
    cells: cellsOf(
      (phase) => {
        if (phase === END) {
          const bad = [
            obs.pendingAtEnd ? `${obs.pendingAtEnd} entries still pending` : '',
            letters ? `${letters} valid entries dead-lettered` : '',
            tally.get(END, 'stale') ? `${tally.get(END, 'stale')} batches off` : '',
          ].filter(Boolean);
          return bad.length
            ? { ok: false, text: bad.join(', ') }
            : { ok: true, text: 'none pending, no dead letters' };
        }
        const total = tally.get(phase, 'total');
        const rest = tally.get(phase, 'rest');
        if (total === 0 && rest === 0 && tally.get(phase, 'vanished') === 0) return undefined;
        const bad = problems(tally, phase, {
          'no-effect': 'entries without effect',
          vanished: 'added entries gone from the stream',
          stale: 'stream batches left at an older value',
          'rest-stale': 'REST batches at a value never asked last',
        });
        return bad.length
          ? { ok: false, text: `${bad.join(', ')} of ${total}` }
          : { ok: true, text: `${tally.get(phase, 'effective')}/${total} entries, ${rest} REST` };
      },
      obs.phases.map((phase) => phase.name),
    ),
  };
}

/**
 * A worker killed with -9 after the SMTP server took an email but before it marked it sent: how much
 * earlier than the kill window that email may have arrived (ms). The gap is one UPDATE's round trip.
 */
const KILLED_DELIVERY_SLACK_MS = 2_000;

/**
 * 6. Every out-of-stock became a notification, each delivered exactly once (count per Message-ID).
 * One exception, the contract's own (at least once, with a Message-ID to drop repeats by): an email
 * whose first copy arrived as the worker was killed is mailed again once its lease runs out.
 */
export function notificationsOnce(obs: Observations): Row {
  const tally = new Tally();
  const mailsById = groupBy(obs.mails, (mail) => mail.messageId ?? '');
  const kill = obs.phases.find((phase) => phase.fault === 'worker');
  const mailedAgainAfterKill = (copies: readonly { readonly at: number }[]) => {
    if (copies.length !== 2 || kill?.faultStart === undefined || kill.faultEnd === undefined) return false;
    const [first, second] = [...copies].sort((a, b) => a.at - b.at) as [{ at: number }, { at: number }];
    return (
      first.at >= kill.faultStart - KILLED_DELIVERY_SLACK_MS &&
      first.at <= kill.faultEnd &&
      second.at > kill.faultEnd
    );
  };
  const expectedIds = new Set<string>();
  for (const notification of obs.notifications) {
    const phase = phaseOf(obs.phases, notification.createdAt);
    const messageId = `<notification-${notification.id}@${obs.messageIdDomain}>`;
    expectedIds.add(messageId);
    tally.add(phase, 'total');
    const copies = mailsById.get(messageId) ?? [];
    const received = copies.length;
    if (received === 1) tally.add(phase, 'once');
    else if (received === 0) tally.add(phase, notification.sentAt === null ? 'unsent' : 'not-received');
    else if (mailedAgainAfterKill(copies)) tally.add(phase, 'again-after-kill');
    else tally.add(phase, 'repeated');
    if (received > 0 && notification.sentAt === null) tally.add(phase, 'unmarked');
  }
  const emailsOfOrder = new Map<string, number>();
  for (const notification of obs.notifications) {
    for (const orderid of notification.orderids) {
      emailsOfOrder.set(orderid, (emailsOfOrder.get(orderid) ?? 0) + 1);
    }
  }
  for (const line of obs.lines) {
    if (line.final?.status !== 'out_of_stock') continue;
    const phase = phaseOf(obs.phases, line.start);
    const count = emailsOfOrder.get(line.orderid) ?? 0;
    tally.add(phase, 'oos');
    if (count === 0) tally.add(phase, 'order-without-email');
    else if (count > 1) tally.add(phase, 'order-in-several');
  }
  const strangers = obs.mails.filter((mail) => !mail.messageId || !expectedIds.has(mail.messageId)).length;
  const againAfterKill = (phase: string) => {
    const count = tally.get(phase, 'again-after-kill');
    return count ? ` (+${count} mailed again after the worker kill, same Message-ID)` : '';
  };
  return {
    invariant: 'every out-of-stock notified, each notification delivered exactly once',
    cells: cellsOf(
      (phase) => {
        if (phase === END) {
          return strangers
            ? { ok: false, text: `${strangers} mails with an unknown Message-ID` }
            : { ok: true, text: `${obs.mails.length} mails, all known` };
        }
        const total = tally.get(phase, 'total');
        const oos = tally.get(phase, 'oos');
        if (total === 0 && oos === 0) return undefined;
        const bad = problems(tally, phase, {
          unsent: 'never sent',
          'not-received': 'marked sent, never received',
          repeated: 'received more than once',
          unmarked: 'received, not marked sent',
          'order-without-email': 'out-of-stock orders in no email',
          'order-in-several': 'orders in several emails',
        });
        return bad.length
          ? { ok: false, text: `${bad.join(', ')} (${total} emails)` }
          : {
              ok: true,
              text: `${tally.get(phase, 'once')}/${total} emails once${againAfterKill(phase)}, ${oos} orders`,
            };
      },
      obs.phases.map((phase) => phase.name),
    ),
  };
}

/** 7. The service answered normally within its bound of each fault ending. */
export function recoveredInTime(obs: Observations, boundMs = 10_000): Row {
  const cells: Record<string, Cell> = {};
  for (const phase of obs.phases) {
    const recovery = obs.recoveries.find((r) => r.fault === phase.fault);
    if (!recovery) continue;
    const parts: string[] = [];
    let ok = true;
    const seconds = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);
    if (recovery.apiMs === undefined || recovery.apiMs > boundMs) ok = false;
    parts.push(`API ${seconds(recovery.apiMs)}`);
    for (const check of recovery.checks) {
      if (check.ms === undefined || check.ms > check.boundMs) ok = false;
      parts.push(`${check.label} ${seconds(check.ms)}`);
    }
    cells[phase.name] = { ok, text: parts.join(', ') };
  }
  return { invariant: `service normal again within ${boundMs / 1000} s of each fault's end`, cells };
}

/** 7b. The read side agrees with the write side once everything settled (views are kept by event handlers). */
export function viewsAgree(obs: Observations): Row {
  const tally = new Tally();
  const started = new Map(obs.lines.map((line) => [lineKey(line.orderid, line.sku), line.start]));
  const phase = (orderid: string, sku: string) => {
    const start = started.get(lineKey(orderid, sku));
    return start === undefined ? END : phaseOf(obs.phases, start);
  };
  const view = new Map(obs.allocationsView.map((row) => [lineKey(row.orderid, row.sku), row]));
  const written = new Set(obs.allocations.map((row) => lineKey(row.orderid, row.sku)));
  for (const row of obs.allocations) {
    const p = phase(row.orderid, row.sku);
    tally.add(p, 'total');
    const shown = view.get(lineKey(row.orderid, row.sku));
    if (!shown) tally.add(p, 'missing');
    else if (shown.batchref !== row.batchref) tally.add(p, 'stale');
  }
  for (const row of obs.allocationsView) {
    if (!written.has(lineKey(row.orderid, row.sku))) tally.add(phase(row.orderid, row.sku), 'ghost');
  }
  return {
    invariant: 'allocations_view agrees with the allocations (read side caught up)',
    cells: cellsOf(
      (p) => {
        const total = tally.get(p, 'total');
        const bad = problems(tally, p, {
          missing: 'allocations missing from the view',
          stale: 'shown on another batch',
          ghost: 'shown but not allocated',
        });
        if (total === 0 && bad.length === 0) return undefined;
        return bad.length
          ? { ok: false, text: `${bad.join(', ')} (${total} allocations)` }
          : { ok: true, text: `${total} allocations shown` };
      },
      obs.phases.map((p) => p.name),
    ),
  };
}

/** 8. No process of the service died, but the one killed on purpose. */
export function processesUp(obs: Observations): Row {
  const died = obs.processes.filter((p) => p.exit !== undefined && !p.killedOnPurpose);
  return {
    invariant: 'no service process died but the one killed on purpose',
    cells: {
      [END]: died.length
        ? { ok: false, text: died.map((p) => `${p.name} ${p.exit}`).join(', ') }
        : { ok: true, text: `${obs.processes.filter((p) => p.exit === undefined).length} running` },
    },
  };
}

export function evaluate(obs: Observations): Row[] {
  return [
    everyRequestAnswered(obs),
    allocationsExact(obs),
    noOverAllocation(obs),
    lineAllocatedOnce(obs),
    changesEffectiveOnce(obs),
    notificationsOnce(obs),
    viewsAgree(obs),
    recoveredInTime(obs),
    processesUp(obs),
  ];
}

export const passed = (rows: readonly Row[]): boolean =>
  rows.every((row) => Object.values(row.cells).every((cell) => cell.ok));

/** Stream entry ids (`<ms>-<seq>`) and outbox ids (digits) in their order. */
export function compareIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  const byMs = BigInt(aMs) - BigInt(bMs);
  if (byMs !== 0n) return byMs < 0n ? -1 : 1;
  const bySeq = BigInt(aSeq) - BigInt(bSeq);
  return bySeq === 0n ? 0 : bySeq < 0n ? -1 : 1;
}

export const timeOfEntryId = (id: string): number => Number(id.split('-')[0]);

function samePayload(payload: string | undefined, expected: Record<string, unknown>): boolean {
  if (payload === undefined) return false;
  try {
    const parsed = JSON.parse(payload) as Record<string, unknown>;
    return Object.entries(expected).every(([key, value]) => parsed[key] === value);
  } catch {
    return false;
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
