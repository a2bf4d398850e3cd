/**
 * The audit trail: who asked for which command, when, under which request, and what came of it.
 * The bus writes a command's record through `uow.audit` in the command's own unit of work, so the
 * change and its record commit together or not at all; a refused command is recorded after the
 * rollback, in a small unit of work of its own.
 */
import type { Page, PageRequest } from './views.ts';

/** Who asked: a signed-in person, an API key (by name), or one of the service's own processes. */
export interface AuditActor {
  readonly kind: 'user' | 'api-key' | 'service';
  /** The user's or key's id; null for a service actor. */
  readonly id: string | null;
  /** What the Activity view shows: a person's name, a key's name, `redis:change_batch_quantity`, … */
  readonly name: string;
}

/** Where a command came from: every entry point hands one to the bus with the command. */
export interface CommandOrigin {
  readonly actor: AuditActor;
  /** The request that carried the command (tRPC/REST request id, a stream entry's id), if any. */
  readonly requestId: string | null;
}

/** An origin for the service's own processes, e.g. `serviceOrigin('redis:change_batch_quantity')`. */
export function serviceOrigin(name: string, requestId: string | null = null): CommandOrigin {
  return { actor: { kind: 'service', id: null, name }, requestId };
}

/**
 * The origin of a command from a person or an API key the transport identified (tRPC's session,
 * REST's bearer key): only who it is, never their role or credentials.
 */
export function actorOrigin(
  actor: { readonly kind: 'user' | 'api-key'; readonly id: string; readonly name: string },
  requestId: string | null,
): CommandOrigin {
  return { actor: { kind: actor.kind, id: actor.id, name: actor.name }, requestId };
}

const MAX_REFUSED_FIELDS = 10;
const MAX_REFUSED_FIELD_LENGTH = 200;

/**
 * What the audit trail keeps of a refused call's raw, unchecked input (see `MessageBus.recordRefusal`):
 * its first top-level scalar fields, strings cut short.
 */
export function auditableFields(input: unknown): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input).slice(0, MAX_REFUSED_FIELDS)) {
    if (typeof value === 'string') fields[key] = value.slice(0, MAX_REFUSED_FIELD_LENGTH);
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) fields[key] = value;
  }
  return fields;
}

export type AuditOutcome = 'succeeded' | 'refused';

/** What a record is about, so the view finds an order's or a batch's history without reading JSON. */
export interface AuditSubjects {
  readonly skus: readonly string[];
  readonly orderids: readonly string[];
  readonly batchrefs: readonly string[];
}

export interface AuditEntry {
  readonly at: Date;
  readonly actor: AuditActor;
  readonly requestId: string | null;
  /** The command's type (`Allocate`, …), or what a transport calls a call it refused before the bus. */
  readonly command: string;
  /** The command's fields (without its type), as asked. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly outcome: AuditOutcome;
  /** What changed (the handler's answer: the batch chosen, the lines moved, …); null when refused. */
  readonly result: unknown;
  /** Why it was refused (the error's code and message); null when it succeeded. */
  readonly reason: { readonly code: string; readonly message: string } | null;
  readonly subjects: AuditSubjects;
}

export interface AuditRecord extends AuditEntry {
  readonly id: string;
}

/**
 * The unit of work's audit port: a recorded entry is stored only if its unit of work commits,
 * together with everything else it wrote.
 */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
}

export interface ActivityQuery extends PageRequest {
  /** Only records whose actor's name contains this text (case-insensitive). */
  readonly actor?: string;
  /** Only records of this command. */
  readonly command?: string;
  /** Only records about this sku / order / batch (exact). */
  readonly sku?: string;
  readonly orderid?: string;
  readonly batchref?: string;
  /** Only records at or after `from` and at or before `to`. */
  readonly from?: Date;
  readonly to?: Date;
}

export interface ActivityViews {
  /** The audit trail, newest first (ties: the later recorded first). */
  activity(query: ActivityQuery): Promise<Page<AuditRecord>>;
}

const SKU_KEYS = ['sku'] as const;
const ORDER_KEYS = ['orderid'] as const;
const BATCH_KEYS = ['ref', 'batchref', 'from', 'to'] as const;

/**
 * The skus, orders and batches a command's fields and result name: its own `sku`/`orderid`/`ref`,
 * the batch an allocation chose, and every line a quantity change moved (from and to).
 */
export function auditSubjects(fields: Readonly<Record<string, unknown>>, result: unknown): AuditSubjects {
  const skus = new Set<string>();
  const orderids = new Set<string>();
  const batchrefs = new Set<string>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const record = value as Record<string, unknown>;
    const pick = (keys: readonly string[], into: Set<string>) => {
      for (const key of keys) {
        const found = record[key];
        if (typeof found === 'string' && found !== '') into.add(found);
      }
    };
    pick(SKU_KEYS, skus);
    pick(ORDER_KEYS, orderids);
    pick(BATCH_KEYS, batchrefs);
    if (Array.isArray(record.moved)) visit(record.moved);
  };
  visit(fields);
  visit(result);
  return { skus: [...skus], orderids: [...orderids], batchrefs: [...batchrefs] };
}

/**
 * The activity view's semantics over records held in memory (the fakes, the CSV store); the SQL
 * view answers the same questions with one query.
 */
export function selectActivity(records: readonly AuditRecord[], query: ActivityQuery): Page<AuditRecord> {
  const actor = query.actor?.toLowerCase();
  const matching = records.filter(
    (record) =>
      (actor === undefined || record.actor.name.toLowerCase().includes(actor)) &&
      (query.command === undefined || record.command === query.command) &&
      (query.sku === undefined || record.subjects.skus.includes(query.sku)) &&
      (query.orderid === undefined || record.subjects.orderids.includes(query.orderid)) &&
      (query.batchref === undefined || record.subjects.batchrefs.includes(query.batchref)) &&
      (query.from === undefined || record.at.getTime() >= query.from.getTime()) &&
      (query.to === undefined || record.at.getTime() <= query.to.getTime()),
  );
  // Newest first; records are kept in the order they were written, so the later of a tie comes first.
  const newestFirst = matching
    .map((record, index) => ({ record, index }))
    .sort((a, b) => b.record.at.getTime() - a.record.at.getTime() || b.index - a.index)
    .map(({ record }) => record);
  const start = (query.page - 1) * query.pageSize;
  return {
    items: newestFirst.slice(start, start + query.pageSize),
    total: matching.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}
