/**
 * The steady load: REST clients allocating (retrying a line with the same orderid after a 503 or no
 * answer), one client changing quantities over REST, and a producer appending `change_batch_quantity`
 * entries to the Redis stream. Everything they send and hear is recorded for the checks.
 */
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { LineRecord, RequestRecord, RestChangeRecord } from './observations.ts';

export const REQUEST_TIMEOUT_MS = 15_000;

export interface Reply {
  readonly status?: number;
  readonly body?: unknown;
  readonly failure?: 'timeout' | 'network';
  readonly error?: string;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs JSON with the operator key; never throws: no answer within the limit is a `timeout`. */
export async function post(
  baseUrl: string,
  key: string,
  path: string,
  json: unknown,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Reply> {
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(json),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text
    }
    return { status: response.status, body };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const message = error instanceof Error ? `${error.message}${causeOf(error)}` : String(error);
    return {
      failure: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network',
      error: message,
    };
  }
}

const causeOf = (error: Error) =>
  error.cause instanceof Error ? ` (${error.cause.message})` : error.cause ? ` (${String(error.cause)})` : '';

export interface SkuPlan {
  readonly sku: string;
  readonly group: 'fixed' | 'moving';
  /** Share of the allocations. */
  readonly weight: number;
  /** Moving skus: at most this many lines (qty 1), so every moved line always finds a batch. */
  readonly maxLines?: number;
}

export interface Recorder {
  readonly requests: RequestRecord[];
  readonly lines: LineRecord[];
  readonly restChanges: RestChangeRecord[];
}

export function newRecorder(): Recorder {
  return { requests: [], lines: [], restChanges: [] };
}

/**
 * Allocates one line, retrying the same line after a 503 or no answer (at most `attempts` times), as
 * a careful client would; returns the line's record.
 */
export async function allocateLine(
  target: { baseUrl: string; key: string; recorder: Recorder },
  line: { orderid: string; sku: string; qty: number; group: 'fixed' | 'moving' },
  options: { attempts?: number; retryAfterMs?: number; timeoutMs?: number } = {},
): Promise<LineRecord> {
  const record: LineRecord = { ...line, start: Date.now() };
  target.recorder.lines.push(record);
  const attempts = options.attempts ?? 12;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const start = Date.now();
    const reply = await post(
      target.baseUrl,
      target.key,
      '/api/allocate',
      { orderid: line.orderid, sku: line.sku, qty: line.qty },
      options.timeoutMs,
    );
    const outOfStock = reply.status === 202 && (reply.body as { status?: string }).status === 'out_of_stock';
    target.recorder.requests.push({
      kind: 'allocate',
      start,
      end: Date.now(),
      ...(reply.status !== undefined ? { status: reply.status } : {}),
      ...(reply.failure ? { failure: reply.failure } : {}),
      ...(reply.error ? { error: reply.error } : {}),
      ...(outOfStock ? { outOfStock } : {}),
    });
    if (reply.status === 202) {
      const body = reply.body as { status?: string; batchref?: string | null };
      record.final =
        body.status === 'out_of_stock'
          ? { status: 'out_of_stock' }
          : { status: 'allocated', batchref: String(body.batchref) };
      return record;
    }
    if (reply.status !== undefined && reply.status !== 503 && reply.status < 500) return record;
    await sleep(options.retryAfterMs ?? 500);
  }
  return record;
}

/** Allocation clients: each picks a sku by weight, allocates a fresh line, pauses, repeats. */
export function startAllocationClients(options: {
  baseUrl: string;
  key: string;
  recorder: Recorder;
  skus: readonly SkuPlan[];
  clients: number;
  pauseMs: number;
}): { stop(): Promise<void> } {
  let running = true;
  const linesOf = new Map<string, number>();
  const pick = (): SkuPlan => {
    const open = options.skus.filter(
      (plan) => plan.maxLines === undefined || (linesOf.get(plan.sku) ?? 0) < plan.maxLines,
    );
    const total = open.reduce((sum, plan) => sum + plan.weight, 0);
    let roll = Math.random() * total;
    for (const plan of open) {
      roll -= plan.weight;
      if (roll <= 0) return plan;
    }
    return open[0] as SkuPlan;
  };
  const loops = Array.from({ length: options.clients }, async (_, client) => {
    let n = 0;
    while (running) {
      const plan = pick();
      linesOf.set(plan.sku, (linesOf.get(plan.sku) ?? 0) + 1);
      const qty = plan.group === 'moving' ? 1 : 1 + Math.floor(Math.random() * 3);
      await allocateLine(options, { orderid: `o${client}-${++n}`, sku: plan.sku, qty, group: plan.group });
      await sleep(options.pauseMs * (0.5 + Math.random()));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** One REST client changing the quantities of `refs`, one request at a time, no retries. */
export function startRestChanges(options: {
  baseUrl: string;
  key: string;
  recorder: Recorder;
  refs: readonly string[];
  range: readonly [number, number];
  pauseMs: number;
}): { stop(): Promise<void> } {
  let running = true;
  const last = new Map<string, number>();
  const loop = (async () => {
    while (running) {
      await sleep(options.pauseMs * (0.5 + Math.random()));
      const ref = options.refs[Math.floor(Math.random() * options.refs.length)] as string;
      const qty = freshQty(options.range, last.get(ref));
      last.set(ref, qty);
      const start = Date.now();
      const reply = await post(options.baseUrl, options.key, '/api/change_batch_quantity', { ref, qty });
      options.recorder.requests.push({
        kind: 'change_batch_quantity',
        start,
        end: Date.now(),
        ...(reply.status !== undefined ? { status: reply.status } : {}),
        ...(reply.failure ? { failure: reply.failure } : {}),
        ...(reply.error ? { error: reply.error } : {}),
      });
      const result =
        reply.status === 200
          ? 'applied'
          : reply.status === undefined || reply.status >= 500
            ? 'ambiguous'
            : 'refused';
      options.recorder.restChanges.push({ ref, qty, start, result });
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

function freshQty([low, high]: readonly [number, number], previous: number | undefined): number {
  for (;;) {
    const qty = low + Math.floor(Math.random() * (high - low + 1));
    if (qty !== previous) return qty;
  }
}

export const inboxKeyOf = (entryId: string) => `stream:change_batch_quantity:${entryId}`;

/**
 * Appends `change_batch_quantity` entries (field `payload`) to the stream, at most one in flight per
 * batch: the next entry for a batch goes out only once the previous one's inbox key is in the
 * database. So each batch's entries take effect in order, and its final quantity must be its last
 * entry's: an entry that took effect again later would leave an older one. An XADD whose outcome is
 * unknown (Redis died mid-command) retires its batch: nothing is sent to it after that.
 */
export function startStreamProducer(options: {
  redis: Redis;
  pool: Pool;
  refs: readonly string[];
  range: readonly [number, number];
  everyMs: number;
}): {
  readonly added: string[];
  /** Batches retired after an XADD whose outcome is unknown. */
  readonly retired: ReadonlySet<string>;
  /** Sends one entry to every idle batch at once (to have entries pending when a worker dies). */
  burst(): Promise<number>;
  stop(): Promise<void>;
} {
  const added: string[] = [];
  const inFlight = new Map<string, string>();
  const retired = new Set<string>();
  const sending = new Set<string>();
  const last = new Map<string, number>();
  let running = true;

  async function settle(): Promise<void> {
    if (inFlight.size === 0) return;
    const keys = [...inFlight.values()].map(inboxKeyOf);
    try {
      const { rows } = await options.pool.query<{ key: string }>(
        'SELECT key FROM message_inbox WHERE key = ANY($1)',
        [keys],
      );
      const done = new Set(rows.map((row) => row.key));
      for (const [ref, id] of inFlight) if (done.has(inboxKeyOf(id))) inFlight.delete(ref);
    } catch {
      // the database is away: nothing settles now
    }
  }

  async function send(ref: string): Promise<boolean> {
    const qty = freshQty(options.range, last.get(ref));
    sending.add(ref);
    try {
      const id = await options.redis.xadd(
        'change_batch_quantity',
        '*',
        'payload',
        JSON.stringify({ batchref: ref, qty }),
      );
      if (!id) return false;
      last.set(ref, qty);
      added.push(id);
      inFlight.set(ref, id);
      return true;
    } catch (error) {
      // Not sent at all when the connection was already down; otherwise it may have been added.
      const message = error instanceof Error ? error.message : String(error);
      if (!/enableOfflineQueue|isn't writeable/.test(message)) retired.add(ref);
      return false;
    } finally {
      sending.delete(ref);
    }
  }

  const idle = () =>
    options.refs.filter((ref) => !inFlight.has(ref) && !retired.has(ref) && !sending.has(ref));

  const loop = (async () => {
    while (running) {
      await settle();
      const candidates = idle();
      const ref = candidates[Math.floor(Math.random() * candidates.length)];
      if (ref) await send(ref);
      await sleep(options.everyMs);
    }
  })();

  return {
    added,
    retired,
    async burst() {
      await settle();
      const results = await Promise.all(idle().map(send));
      return results.filter(Boolean).length;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}
