/** What the suite observed during a run: the input of the invariant checks (invariants.ts). */

export type FaultName = 'postgres' | 'worker' | 'redis' | 'smtp';

/** A stretch of the run: before the first fault, then each fault from its start to the next one's. */
export interface Phase {
  readonly name: string;
  readonly fault?: FaultName;
  /** Epoch ms. */
  readonly start: number;
  readonly end: number;
  /** When the fault was injected and when it ended (the server back, the replacement started). */
  readonly faultStart?: number;
  readonly faultEnd?: number;
}

/** One HTTP request of the load (every attempt counts). */
export interface RequestRecord {
  readonly kind: 'allocate' | 'change_batch_quantity';
  readonly start: number;
  readonly end: number;
  /** The HTTP status, when an answer came. */
  readonly status?: number;
  /** No answer: `timeout` (a hang: over the per-request limit) or `network` (refused, reset). */
  readonly failure?: 'timeout' | 'network';
  readonly error?: string;
  /** An allocation answered "out of stock" (the one that calls for an email). */
  readonly outOfStock?: boolean;
}

/** An order line the load asked to allocate (retried with the same orderid after a 503 or no answer). */
export interface LineRecord {
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  /** `fixed`: its sku's batches never change, so a line stays where it was put; `moving`: they do. */
  readonly group: 'fixed' | 'moving';
  /** First attempt (epoch ms). */
  readonly start: number;
  /** The last definitive answer (202), if any. */
  final?: { readonly status: 'allocated'; readonly batchref: string } | { readonly status: 'out_of_stock' };
}

/** A REST change_batch_quantity, in the order one client sent them (one at a time). */
export interface RestChangeRecord {
  readonly ref: string;
  readonly qty: number;
  readonly start: number;
  /** 200: took effect; `ambiguous`: 503 or no answer (may or may not have); other: refused. */
  readonly result: 'applied' | 'ambiguous' | 'refused';
}

export interface AllocationRow {
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly batchref: string;
}

export interface BatchRow {
  readonly reference: string;
  readonly sku: string;
  readonly purchased: number;
  /** The counter kept on the batch. */
  readonly allocated: number;
  /** The sum of its allocation rows. */
  readonly sumOfLines: number;
}

export interface OutboxRow {
  readonly id: string;
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly batchref: string;
  readonly createdAt: number;
  readonly sentAt: number | null;
}

export interface NotificationRow {
  readonly id: string;
  readonly createdAt: number;
  readonly sentAt: number | null;
  readonly orderids: readonly string[];
}

export interface LineAllocatedEntry {
  readonly entryId: string;
  readonly id: string | undefined;
  readonly payload: string | undefined;
}

export interface ChangeEntry {
  readonly entryId: string;
  /** From the entry id's time part (epoch ms). */
  readonly at: number;
  readonly batchref: string;
  readonly qty: number;
}

/** A sample of the stock invariants taken during the load. */
export interface StockSample {
  readonly at: number;
  /** Batches with allocated > purchased, or a counter that differs from its lines. */
  readonly violations: number;
}

export interface Recovery {
  readonly fault: FaultName;
  /** From the fault's end to the first normal answer of the REST API (2xx), ms; undefined: never. */
  readonly apiMs: number | undefined;
  /** Further figures of this fault (what was pending, when the pipeline moved again), with pass/fail. */
  readonly checks: readonly {
    readonly label: string;
    readonly ms: number | undefined;
    readonly boundMs: number;
  }[];
}

export interface ProcessState {
  readonly name: string;
  /** undefined: still running. */
  readonly exit: string | undefined;
  /** Killed on purpose by the suite. */
  readonly killedOnPurpose: boolean;
}

export interface Observations {
  readonly phases: readonly Phase[];
  readonly requests: readonly RequestRecord[];
  readonly lines: readonly LineRecord[];
  readonly restChanges: readonly RestChangeRecord[];
  /** Batch reference -> quantity it was created with. */
  readonly initialQty: ReadonlyMap<string, number>;
  /** Batches only the stream changes. */
  readonly streamBatches: readonly string[];
  readonly allocations: readonly AllocationRow[];
  readonly batches: readonly BatchRow[];
  /** The read side's `allocations_view` rows that place a line on a batch. */
  readonly allocationsView: readonly AllocationRow[];
  readonly outbox: readonly OutboxRow[];
  readonly inboxKeys: ReadonlySet<string>;
  readonly notifications: readonly NotificationRow[];
  readonly deadLetters: readonly { readonly channel: string; readonly error: string }[];
  readonly lineAllocatedStream: readonly LineAllocatedEntry[];
  readonly changeEntries: readonly ChangeEntry[];
  /** Entry ids XADD returned to the producer. */
  readonly changeEntriesAdded: readonly string[];
  /** Entries of change_batch_quantity still pending in the group at the end. */
  readonly pendingAtEnd: number;
  readonly mails: readonly { readonly messageId: string | undefined; readonly at: number }[];
  /** `<notification-ID@domain>` for a notification id. */
  readonly messageIdDomain: string;
  readonly samples: readonly StockSample[];
  readonly recoveries: readonly Recovery[];
  readonly processes: readonly ProcessState[];
  /** Requests may be answered 503 this long after a database fault ended (ms). */
  readonly graceMs: number;
}
