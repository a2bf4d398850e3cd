/**
 * Events: facts the Product aggregate records. Each is a plain, serialisable object
 * tagged by `type`, so adapters can store and publish them without knowing classes.
 */
import type { CalendarDate } from './values.ts';

export interface BatchCreated {
  readonly type: 'BatchCreated';
  readonly ref: string;
  readonly sku: string;
  readonly qty: number;
  readonly eta: CalendarDate | null;
}

export interface BatchQuantityChanged {
  readonly type: 'BatchQuantityChanged';
  readonly ref: string;
  readonly sku: string;
  readonly qty: number;
}

export interface Allocated {
  readonly type: 'Allocated';
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly batchref: string;
}

/** A line pushed out of its batch by a quantity change: it needs a new home. */
export interface Deallocated {
  readonly type: 'Deallocated';
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly batchref: string;
}

/** The customer cancelled the line: its stock goes back and it is NOT re-allocated. */
export interface AllocationCancelled {
  readonly type: 'AllocationCancelled';
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly batchref: string;
}

export interface OutOfStock {
  readonly type: 'OutOfStock';
  readonly sku: string;
  readonly orderid: string;
  readonly qty: number;
}

export type DomainEvent =
  | BatchCreated
  | BatchQuantityChanged
  | Allocated
  | Deallocated
  | AllocationCancelled
  | OutOfStock;

export type DomainEventType = DomainEvent['type'];
export type EventOfType<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
