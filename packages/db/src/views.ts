/**
 * The read side: each view is one query on the read tables (never the aggregate's tables), with
 * the same filter, sort and paging semantics as the domain's FakeReadModel.
 */
import {
  type ActivityQuery,
  type ActivityViews,
  type AlertQuery,
  type AllocationViews,
  type AuditRecord,
  type BatchListQuery,
  type BatchSortField,
  type BatchStock,
  type CalendarDate,
  type DeadLetter,
  type DeadLetterViews,
  type DeliveryChannel,
  type NotificationEmail,
  type NotificationViews,
  notificationState,
  type OrderAllocation,
  type OrderLineState,
  type OrderLineStatus,
  type OutOfStockAlert,
  outOfStockMessage,
  type Page,
  type PageRequest,
  SIMILARITY_THRESHOLD,
  type SkuListQuery,
  type SkuSortField,
  type SkuSummary,
  SUGGESTION_LIMIT,
  type SuggestionKind,
} from '@allocation/domain';
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import { fromStoredOrders } from './notification-outbox.ts';

const SORT_COLUMNS: Record<BatchSortField, string> = {
  reference: 'reference',
  sku: 'sku',
  eta: 'eta',
  purchased: 'purchased',
  allocated: 'allocated',
  available: 'available',
};

interface BatchStockRow {
  reference: string;
  sku: string;
  purchased: number;
  allocated: number;
  available: number;
  eta: string | null;
  total: number;
}

const SKU_SORT_COLUMNS: Record<SkuSortField, string> = {
  sku: 'sku',
  purchased: 'purchased',
  allocated: 'allocated',
  available: 'available',
  batches: 'batches',
  nextEta: 'next_eta',
  openAlerts: 'open_alerts',
};

/** Where the names of each kind live: the skus of the batches, the orders of the lines seen. */
const NAMES: Record<SuggestionKind, { table: Prisma.Sql; column: Prisma.Sql }> = {
  sku: { table: Prisma.raw('batch_stock_view'), column: Prisma.raw('sku') },
  order: { table: Prisma.raw('allocations_view'), column: Prisma.raw('orderid') },
};

interface SkuSummaryRow extends Omit<SkuSummary, 'nextEta'> {
  next_eta: string | null;
  total: number;
}

/** `count(*) OVER ()` gives the total with the page; only a page past the end needs a second query. */
type Paged<R> = R & { total: number };

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
  total: number;
}

export class SqlViews implements AllocationViews, DeadLetterViews, NotificationViews, ActivityViews {
  constructor(private readonly prisma: PrismaClient) {}

  async allocationsForOrder(orderid: string): Promise<OrderAllocation[]> {
    const rows = await this.prisma.allocationView.findMany({
      where: { orderid, batchref: { not: null } },
      select: { sku: true, qty: true, batchref: true },
      orderBy: { sku: 'asc' },
    });
    // Rows without batch are lines that left it (see SqlReadModelWriter).
    return rows.flatMap(({ sku, qty, batchref }) =>
      batchref !== null && qty !== null ? [{ sku, qty, batchref }] : [],
    );
  }

  async stockForSku(sku: string): Promise<BatchStock[]> {
    const rows = await this.prisma.$queryRaw<Omit<BatchStockRow, 'total'>[]>`
      SELECT reference, sku, purchased, allocated, available, to_char(eta, 'YYYY-MM-DD') AS eta
      FROM batch_stock_view WHERE sku = ${sku}
      ORDER BY eta ASC NULLS FIRST, reference ASC`;
    return rows.map(toBatchStock);
  }

  async listBatches(query: BatchListQuery): Promise<Page<BatchStock>> {
    const conditions: Prisma.Sql[] = [];
    if (query.sku) conditions.push(Prisma.sql`sku ILIKE ${`%${escapeLike(query.sku)}%`}`);
    if (query.etaFrom) conditions.push(Prisma.sql`eta >= ${query.etaFrom}::date`);
    if (query.etaTo) conditions.push(Prisma.sql`eta <= ${query.etaTo}::date`);
    if (query.hasStock !== undefined) {
      conditions.push(query.hasStock ? Prisma.sql`available > 0` : Prisma.sql`available <= 0`);
    }
    const where =
      conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
    const { field, direction } = query.sort;
    const column = SORT_COLUMNS[field];
    const dir = direction === 'asc' ? 'ASC' : 'DESC';
    // Warehouse stock (no eta) first when ascending, last when descending; ties by reference.
    const nulls = field === 'eta' ? (direction === 'asc' ? ' NULLS FIRST' : ' NULLS LAST') : '';
    const orderBy = Prisma.raw(`${column} ${dir}${nulls}, reference ASC`);
    return this.#page(
      query,
      (limit, offset) => this.prisma.$queryRaw<BatchStockRow[]>`
        SELECT reference, sku, purchased, allocated, available, to_char(eta, 'YYYY-MM-DD') AS eta,
               count(*) OVER ()::int AS total
        FROM batch_stock_view ${where}
        ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
      () =>
        this.prisma.$queryRaw<
          { total: number }[]
        >`SELECT count(*)::int AS total FROM batch_stock_view ${where}`,
      (row: BatchStockRow) => toBatchStock(row),
    );
  }

  async searchBatches(text: string, limit: number): Promise<BatchStock[]> {
    const pattern = escapeLike(text.toLowerCase());
    const rows = await this.prisma.$queryRaw<Omit<BatchStockRow, 'total'>[]>`
      SELECT reference, sku, purchased, allocated, available, to_char(eta, 'YYYY-MM-DD') AS eta
      FROM batch_stock_view
      WHERE lower(reference) LIKE ${`%${pattern}%`} OR lower(sku) LIKE ${`%${pattern}%`}
      ORDER BY (lower(reference) LIKE ${`${pattern}%`}) DESC, reference ASC
      LIMIT ${limit}`;
    return rows.map(toBatchStock);
  }

  async outOfStockAlerts(query: AlertQuery): Promise<Page<OutOfStockAlert>> {
    const conditions: Prisma.Sql[] = [];
    if (query.sku) conditions.push(Prisma.sql`sku = ${query.sku}`);
    if (query.state === 'open') conditions.push(Prisma.sql`resolved_at IS NULL`);
    if (query.state === 'resolved') conditions.push(Prisma.sql`resolved_at IS NOT NULL`);
    const where =
      conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
    return this.#page(
      query,
      (limit, offset) => this.prisma.$queryRaw<Paged<{ resolved_at: Date | null } & OutOfStockAlert>[]>`
        SELECT sku, orderid, qty, at, resolved_at, count(*) OVER ()::int AS total FROM out_of_stock_alerts ${where}
        ORDER BY at DESC, id ASC LIMIT ${limit} OFFSET ${offset}`,
      () =>
        this.prisma.$queryRaw<
          { total: number }[]
        >`SELECT count(*)::int AS total FROM out_of_stock_alerts ${where}`,
      ({ sku, orderid, qty, at, resolved_at }) => ({
        sku,
        orderid,
        qty,
        at,
        state: resolved_at === null ? 'open' : 'resolved',
        resolvedAt: resolved_at,
      }),
    );
  }

  async orderLines(orderid: string): Promise<OrderLineStatus[]> {
    const rows = await this.prisma.$queryRaw<
      { sku: string; qty: number | null; state: OrderLineState; batchref: string | null; at: Date | null }[]
    >`SELECT sku, qty, state, batchref, state_at AS at FROM allocations_view
      WHERE orderid = ${orderid} ORDER BY sku`;
    return rows.map(({ sku, qty, state, batchref, at }) => ({ sku, qty, state, batchref, at }));
  }

  /** Totals per sku from the batches' read table, with the open alerts; searched, sorted and paged here. */
  async listSkus(query: SkuListQuery): Promise<Page<SkuSummary>> {
    const where = query.search
      ? Prisma.sql`WHERE sku ILIKE ${`%${escapeLike(query.search)}%`}`
      : Prisma.empty;
    const { field, direction } = query.sort;
    // No eta counts as later than any (PostgreSQL's default): last ascending, first descending.
    const orderBy = Prisma.raw(`${SKU_SORT_COLUMNS[field]} ${direction === 'asc' ? 'ASC' : 'DESC'}, sku ASC`);
    const totals = Prisma.sql`
      SELECT t.sku, t.purchased, t.allocated, t.available, t.batches, t.next_eta,
             COALESCE(a.open_alerts, 0) AS open_alerts
      FROM (SELECT sku, sum(purchased)::int AS purchased, sum(allocated)::int AS allocated,
                   sum(available)::int AS available, count(*)::int AS batches, min(eta) AS next_eta
            FROM batch_stock_view ${where} GROUP BY sku) t
      LEFT JOIN (SELECT sku, count(*)::int AS open_alerts FROM out_of_stock_alerts
                 WHERE resolved_at IS NULL GROUP BY sku) a ON a.sku = t.sku`;
    return this.#page(
      query,
      (limit, offset) => this.prisma.$queryRaw<SkuSummaryRow[]>`
        SELECT sku, purchased, allocated, available, batches, to_char(next_eta, 'YYYY-MM-DD') AS next_eta,
               open_alerts AS "openAlerts", count(*) OVER ()::int AS total
        FROM (${totals}) s ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
      () =>
        this.prisma.$queryRaw<{ total: number }[]>`
          SELECT count(DISTINCT sku)::int AS total FROM batch_stock_view ${where}`,
      ({ next_eta, total: _, ...row }) => ({ ...row, nextEta: next_eta as CalendarDate | null }),
    );
  }

  async suggest(kind: SuggestionKind, text: string): Promise<string[]> {
    const { table, column } = NAMES[kind];
    const rows = await this.prisma.$queryRaw<{ name: string }[]>`
      SELECT name FROM (SELECT DISTINCT ${column} AS name FROM ${table}
                        WHERE ${column} ILIKE ${`%${escapeLike(text)}%`}) n
      ORDER BY ${matchRank(text)}, name LIMIT ${SUGGESTION_LIMIT}`;
    return rows.map((row) => row.name);
  }

  async closeMatches(kind: SuggestionKind, text: string): Promise<string[]> {
    if (text.trim() === '') return [];
    const { table, column } = NAMES[kind];
    // `%` (similarity at least pg_trgm's threshold, 0.3 by default) lets the trigram index find them;
    // the threshold is then applied as the domain states it.
    const rows = await this.prisma.$queryRaw<{ name: string }[]>`
      SELECT name FROM (
        SELECT name, ${matchRank(text)} AS rank, similarity(name, ${text}) AS likeness
        FROM (SELECT DISTINCT ${column} AS name FROM ${table}
              WHERE ${column} ILIKE ${`%${escapeLike(text)}%`} OR ${column} % ${text}) n
      ) r
      WHERE rank < 3 OR likeness >= ${SIMILARITY_THRESHOLD}
      ORDER BY rank, CASE WHEN rank = 3 THEN likeness ELSE 0 END DESC, name LIMIT ${SUGGESTION_LIMIT}`;
    return rows.map((row) => row.name);
  }

  async deadLetters(query: PageRequest): Promise<Page<DeadLetter>> {
    return this.#page(
      query,
      (limit, offset) => this.prisma.$queryRaw<Paged<DeadLetter>[]>`
        SELECT id::text AS id, channel, payload, error, received_at AS "receivedAt", inbox_key AS "inboxKey",
          state, closed_at AS "closedAt", closed_by AS "closedBy", outcome, count(*) OVER ()::int AS total
        FROM dead_letters ORDER BY received_at DESC, id ASC LIMIT ${limit} OFFSET ${offset}`,
      () => this.prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM dead_letters`,
      ({ id, channel, payload, error, receivedAt, inboxKey, state, closedAt, closedBy, outcome }) => ({
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
    );
  }

  async notifications(query: PageRequest): Promise<Page<NotificationEmail>> {
    return this.#page(
      query,
      (limit, offset) => this.prisma.$queryRaw<Paged<NotificationRow>[]>`
        SELECT id::text AS id, sku, destination, legacy_message AS "legacyMessage",
               (SELECT json_agg(json_build_object('orderid', o.orderid, 'qty', o.qty, 'at', o.at) ORDER BY o.id)
                FROM notification_orders o WHERE o.notification_id = n.id) AS orders,
               created_at AS "createdAt", due_at AS "dueAt", sent_at AS "sentAt", via, attempts,
               last_error AS "lastError", next_attempt_at AS "nextAttemptAt", count(*) OVER ()::int AS total
        FROM notifications n ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
      () => this.prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM notifications`,
      (row: Paged<NotificationRow>) => toNotificationEmail(row),
    );
  }

  /** One query on audit_record; each filter has its index (arrays: GIN, the actor's name: trigrams). */
  async activity(query: ActivityQuery): Promise<Page<AuditRecord>> {
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
    const where =
      conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
    return this.#page(
      query,
      (limit, offset) => this.prisma.$queryRaw<AuditRow[]>`
        SELECT id::text AS id, at, actor_kind, actor_id, actor_name, request_id, command, fields, outcome,
               result, reason_code, reason_message, skus, orderids, batchrefs, count(*) OVER ()::int AS total
        FROM audit_record ${where}
        ORDER BY at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
      () =>
        this.prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM audit_record ${where}`,
      toAuditRecord,
    );
  }

  async #page<R extends { total: number }, T>(
    { page, pageSize }: PageRequest,
    rows: (limit: number, offset: number) => Promise<R[]>,
    count: () => Promise<{ total: number }[]>,
    map: (row: R) => T,
  ): Promise<Page<T>> {
    const offset = (page - 1) * pageSize;
    const found = await rows(pageSize, offset);
    const total = found[0]?.total ?? (offset > 0 ? ((await count())[0]?.total ?? 0) : 0);
    return { items: found.map(map), total, page, pageSize };
  }
}

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

function toBatchStock(row: Omit<BatchStockRow, 'total'>): BatchStock {
  return {
    reference: row.reference,
    sku: row.sku,
    purchased: row.purchased,
    allocated: row.allocated,
    available: row.available,
    eta: row.eta as CalendarDate | null,
  };
}

/** The domain's `matchRank` of the column `name`: 0 equal ignoring case, 1 starts with, 2 contains, 3 neither. */
function matchRank(text: string): Prisma.Sql {
  const lower = text.toLowerCase();
  return Prisma.sql`CASE WHEN lower(name) = ${lower} THEN 0
    WHEN lower(name) LIKE ${`${escapeLike(lower)}%`} THEN 1
    WHEN lower(name) LIKE ${`%${escapeLike(lower)}%`} THEN 2 ELSE 3 END`;
}

/** The user's text is matched literally: LIKE's wildcards in it are escaped. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
