/**
 * The SQL of every list view, in parts (columns, table, WHERE, ORDER BY): the paged views
 * (views.ts) and the exports' cursor (list-exports.ts) build their queries from the same parts, so
 * an export has exactly the filter and order of the list it downloads.
 */
import {
  type ActivityQuery,
  type AlertQuery,
  type AuditRecord,
  type BatchListQuery,
  type BatchSortField,
  type BatchStock,
  type CalendarDate,
  type DeadLetter,
  type DeliveryChannel,
  type ListFilter,
  type NotificationEmail,
  notificationState,
  type OutOfStockAlert,
  outOfStockMessage,
  type SkuListQuery,
  type SkuSortField,
  type SkuSummary,
} from '@allocation/domain';
import { Prisma } from './generated/prisma/client.ts';
import { fromStoredOrders } from './notification-outbox.ts';

/** One list's query in parts, and how one of its rows becomes the view's item. */
export interface ListSql<R, T> {
  readonly columns: Prisma.Sql;
  readonly from: Prisma.Sql;
  /** `WHERE …`, or empty. */
  readonly where: Prisma.Sql;
  /** Total: ties broken by a unique column, so pages and exports never disagree. */
  readonly orderBy: Prisma.Sql;
  map(row: R): T;
}

const SORT_COLUMNS: Record<BatchSortField, string> = {
  reference: 'reference',
  sku: 'sku',
  eta: 'eta',
  purchased: 'purchased',
  allocated: 'allocated',
  available: 'available',
};

const SKU_SORT_COLUMNS: Record<SkuSortField, string> = {
  sku: 'sku',
  purchased: 'purchased',
  allocated: 'allocated',
  available: 'available',
  batches: 'batches',
  nextEta: 'next_eta',
  openAlerts: 'open_alerts',
};

export interface BatchStockRow {
  reference: string;
  sku: string;
  purchased: number;
  allocated: number;
  available: number;
  eta: string | null;
}

interface SkuSummaryRow extends Omit<SkuSummary, 'nextEta'> {
  next_eta: string | null;
}

interface AlertRow {
  sku: string;
  orderid: string;
  qty: number;
  at: Date;
  resolvedAt: Date | null;
}

type DeadLetterRow = DeadLetter;

interface NotificationRow {
  id: string;
  sku: string;
  destination: string;
  orders: unknown;
  legacyMessage: string | null;
  createdAt: Date;
  dueAt: Date;
  sentAt: Date | null;
  via: DeliveryChannel | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_kind: AuditRecord['actor']['kind'];
  actor_id: string | null;
  actor_name: string;
  request_id: string | null;
  command: string;
  fields: Record<string, unknown>;
  outcome: AuditRecord['outcome'];
  result: unknown;
  reason_code: string | null;
  reason_message: string | null;
  skus: string[];
  orderids: string[];
  batchrefs: string[];
}

const whereAll = (conditions: Prisma.Sql[]): Prisma.Sql =>
  conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;

export const BATCH_STOCK_COLUMNS = Prisma.sql`reference, sku, purchased, allocated, available,
  to_char(eta, 'YYYY-MM-DD') AS eta`;

export const LIST_SQL = {
  batches(query: ListFilter<BatchListQuery>): ListSql<BatchStockRow, BatchStock> {
    const conditions: Prisma.Sql[] = [];
    if (query.sku) conditions.push(Prisma.sql`sku ILIKE ${`%${escapeLike(query.sku)}%`}`);
    if (query.etaFrom) conditions.push(Prisma.sql`eta >= ${query.etaFrom}::date`);
    if (query.etaTo) conditions.push(Prisma.sql`eta <= ${query.etaTo}::date`);
    if (query.hasStock !== undefined) {
      conditions.push(query.hasStock ? Prisma.sql`available > 0` : Prisma.sql`available <= 0`);
    }
    const { field, direction } = query.sort;
    const dir = direction === 'asc' ? 'ASC' : 'DESC';
    // Warehouse stock (no eta) first when ascending, last when descending; ties by reference.
    const nulls = field === 'eta' ? (direction === 'asc' ? ' NULLS FIRST' : ' NULLS LAST') : '';
    return {
      columns: BATCH_STOCK_COLUMNS,
      from: Prisma.sql`batch_stock_view`,
      where: whereAll(conditions),
      orderBy: Prisma.raw(`${SORT_COLUMNS[field]} ${dir}${nulls}, reference ASC`),
      map: toBatchStock,
    };
  },

  /** Totals per sku from the batches' read table, with the sku's open alerts. */
  skus(query: ListFilter<SkuListQuery>): ListSql<SkuSummaryRow, SkuSummary> {
    const search = query.search
      ? Prisma.sql`WHERE sku ILIKE ${`%${escapeLike(query.search)}%`}`
      : Prisma.empty;
    const { field, direction } = query.sort;
    const totals = Prisma.sql`
      SELECT t.sku, t.purchased, t.allocated, t.available, t.batches, t.next_eta,
             COALESCE(a.open_alerts, 0) AS open_alerts
      FROM (SELECT sku, sum(purchased)::int AS purchased, sum(allocated)::int AS allocated,
                   sum(available)::int AS available, count(*)::int AS batches, min(eta) AS next_eta
            FROM batch_stock_view ${search} GROUP BY sku) t
      LEFT JOIN (SELECT sku, count(*)::int AS open_alerts FROM out_of_stock_alerts
                 WHERE resolved_at IS NULL GROUP BY sku) a ON a.sku = t.sku`;
    return {
      columns: Prisma.sql`sku, purchased, allocated, available, batches,
        to_char(next_eta, 'YYYY-MM-DD') AS next_eta, open_alerts AS "openAlerts"`,
      from: Prisma.sql`(${totals}) s`,
      where: Prisma.empty,
      // No eta counts as later than any (PostgreSQL's default): last ascending, first descending.
      orderBy: Prisma.raw(`${SKU_SORT_COLUMNS[field]} ${direction === 'asc' ? 'ASC' : 'DESC'}, sku ASC`),
      map: ({ sku, purchased, allocated, available, batches, openAlerts, next_eta }) => ({
        sku,
        purchased,
        allocated,
        available,
        batches,
        nextEta: next_eta as CalendarDate | null,
        openAlerts,
      }),
    };
  },

  outOfStockAlerts(query: ListFilter<AlertQuery>): ListSql<AlertRow, OutOfStockAlert> {
    return {
      columns: Prisma.sql`sku, orderid, qty, at, resolved_at AS "resolvedAt"`,
      from: Prisma.sql`out_of_stock_alerts`,
      where: whereAll([
        ...(query.sku ? [Prisma.sql`sku = ${query.sku}`] : []),
        ...(query.state === 'open' ? [Prisma.sql`resolved_at IS NULL`] : []),
        ...(query.state === 'resolved' ? [Prisma.sql`resolved_at IS NOT NULL`] : []),
      ]),
      orderBy: Prisma.sql`at DESC, id ASC`,
      map: ({ sku, orderid, qty, at, resolvedAt }) => ({
        sku,
        orderid,
        qty,
        at,
        state: resolvedAt === null ? 'open' : 'resolved',
        resolvedAt,
      }),
    };
  },

  deadLetters(): ListSql<DeadLetterRow, DeadLetter> {
    return {
      columns: Prisma.sql`id::text AS id, channel, payload, error, received_at AS "receivedAt",
        inbox_key AS "inboxKey", state, closed_at AS "closedAt", closed_by AS "closedBy", outcome`,
      from: Prisma.sql`dead_letters`,
      where: Prisma.empty,
      orderBy: Prisma.sql`received_at DESC, id ASC`,
      map: ({ id, channel, payload, error, receivedAt, inboxKey, state, closedAt, closedBy, outcome }) => ({
        id,
        channel,
        payload,
        error,
        receivedAt,
        inboxKey,
        state,
        closedAt,
        closedBy,
        outcome,
      }),
    };
  },

  notifications(): ListSql<NotificationRow, NotificationEmail> {
    return {
      columns: Prisma.sql`id::text AS id, sku, destination, legacy_message AS "legacyMessage",
        (SELECT json_agg(json_build_object('orderid', o.orderid, 'qty', o.qty, 'at', o.at) ORDER BY o.id)
         FROM notification_orders o WHERE o.notification_id = n.id) AS orders,
        created_at AS "createdAt", due_at AS "dueAt", sent_at AS "sentAt", via, attempts,
        last_error AS "lastError", next_attempt_at AS "nextAttemptAt"`,
      from: Prisma.sql`notifications n`,
      where: Prisma.empty,
      orderBy: Prisma.sql`created_at DESC, id DESC`,
      map: toNotificationEmail,
    };
  },

  /** Each filter has its index (arrays: GIN, the actor's name: trigrams). */
  activity(query: ListFilter<ActivityQuery>): ListSql<AuditRow, AuditRecord> {
    const conditions: Prisma.Sql[] = [];
    if (query.actor) {
      conditions.push(Prisma.sql`lower(actor_name) LIKE ${`%${escapeLike(query.actor.toLowerCase())}%`}`);
    }
    if (query.command) conditions.push(Prisma.sql`command = ${query.command}`);
    if (query.sku) conditions.push(Prisma.sql`skus @> ARRAY[${query.sku}]::varchar[]`);
    if (query.orderid) conditions.push(Prisma.sql`orderids @> ARRAY[${query.orderid}]::varchar[]`);
    if (query.batchref) conditions.push(Prisma.sql`batchrefs @> ARRAY[${query.batchref}]::varchar[]`);
    if (query.from) conditions.push(Prisma.sql`at >= ${query.from}`);
    if (query.to) conditions.push(Prisma.sql`at <= ${query.to}`);
    return {
      columns: Prisma.sql`id::text AS id, at, actor_kind, actor_id, actor_name, request_id, command, fields,
        outcome, result, reason_code, reason_message, skus, orderids, batchrefs`,
      from: Prisma.sql`audit_record`,
      where: whereAll(conditions),
      orderBy: Prisma.sql`at DESC, id DESC`,
      map: toAuditRecord,
    };
  },
} as const;

/** The whole list, unpaged: what an export reads through a cursor. */
export const listRowsSql = <R, T>(list: ListSql<R, T>): Prisma.Sql =>
  Prisma.sql`SELECT ${list.columns} FROM ${list.from} ${list.where} ORDER BY ${list.orderBy}`;

function toNotificationEmail(row: NotificationRow): NotificationEmail {
  const sent = row.sentAt !== null;
  return {
    id: row.id,
    sku: row.sku,
    destination: row.destination,
    message: row.legacyMessage ?? outOfStockMessage(row.sku, fromStoredOrders(row.orders)),
    state: notificationState(row),
    createdAt: row.createdAt,
    dueAt: row.dueAt,
    sentAt: row.sentAt,
    attempts: row.attempts,
    lastError: sent ? null : row.lastError,
    nextAttemptAt: sent ? null : row.nextAttemptAt,
  };
}

function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
    requestId: row.request_id,
    command: row.command,
    fields: row.fields,
    outcome: row.outcome,
    result: row.result,
    reason: row.reason_code === null ? null : { code: row.reason_code, message: row.reason_message ?? '' },
    subjects: { skus: row.skus, orderids: row.orderids, batchrefs: row.batchrefs },
  };
}

export function toBatchStock(row: BatchStockRow): BatchStock {
  return {
    reference: row.reference,
    sku: row.sku,
    purchased: row.purchased,
    allocated: row.allocated,
    available: row.available,
    eta: row.eta as CalendarDate | null,
  };
}

/** The user's text is matched literally: LIKE's wildcards in it are escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
