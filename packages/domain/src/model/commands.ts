/**
 * Commands: what a caller asks the system to do. Entry points build one and hand it to the
 * message bus; each has exactly one handler. The factories let callers write
 * `bus.handle(Allocate({ orderid, sku, qty }))` as in the book.
 */
export interface CreateBatch {
  readonly type: 'CreateBatch';
  readonly ref: string;
  readonly sku: string;
  readonly qty: number;
  /** "YYYY-MM-DD", or null for stock already in the warehouse. */
  readonly eta: string | null;
}

export interface Allocate {
  readonly type: 'Allocate';
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
}

export interface ChangeBatchQuantity {
  readonly type: 'ChangeBatchQuantity';
  readonly ref: string;
  readonly qty: number;
  /**
   * Names the message that asked for the change, when it may arrive more than once (a redelivered
   * stream entry): the change then takes effect for the first delivery only (see `Inbox`).
   */
  readonly idempotencyKey?: string;
}

export interface Deallocate {
  readonly type: 'Deallocate';
  readonly orderid: string;
  readonly sku: string;
}

export type Command = CreateBatch | Allocate | ChangeBatchQuantity | Deallocate;
export type CommandType = Command['type'];
/** Every command type: what a filter on commands (the Activity view) may name. */
export const COMMAND_TYPES = [
  'CreateBatch',
  'Allocate',
  'ChangeBatchQuantity',
  'Deallocate',
] as const satisfies readonly CommandType[];
export type CommandOfType<T extends CommandType> = Extract<Command, { type: T }>;

type Fields<C extends Command> = Omit<C, 'type'>;

export const CreateBatch = (fields: Fields<CreateBatch>): CreateBatch => ({ type: 'CreateBatch', ...fields });
export const Allocate = (fields: Fields<Allocate>): Allocate => ({ type: 'Allocate', ...fields });
export const ChangeBatchQuantity = (fields: Fields<ChangeBatchQuantity>): ChangeBatchQuantity => ({
  type: 'ChangeBatchQuantity',
  ...fields,
});
export const Deallocate = (fields: Fields<Deallocate>): Deallocate => ({ type: 'Deallocate', ...fields });
