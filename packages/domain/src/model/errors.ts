/**
 * Errors are part of the ubiquitous language: each names the rule that was broken. Each carries
 * data every entry point can use without knowing the class: a stable `code` (what a transport
 * translates into its status), the command `field` it concerns (what a form shows it beside), and
 * the message.
 */

/** The stable name of every failure the service layer can report; class names do not survive minification. */
export type DomainErrorCode =
  | 'sku.unknown'
  | 'batch.unknown'
  | 'batch.reference_taken'
  | 'line.already_allocated'
  | 'line.not_allocated'
  | 'quantity.invalid'
  | 'date.invalid'
  | 'identifier.invalid'
  | 'product.contended'
  /** A port's store (the database) could not be reached or did not answer in time: retry later. */
  | 'service.unavailable';

/** The fields of the commands, by their wire names (the same in tRPC, REST and the forms). */
export type CommandField = 'ref' | 'sku' | 'orderid' | 'qty' | 'eta';

/** A failure as data: what entry points translate and log, whatever its class. */
export interface CodedError {
  readonly code: DomainErrorCode;
  readonly field: CommandField | null;
  readonly message: string;
}

/**
 * Marks the errors that carry a code. A registry symbol, not `instanceof`: a bundler may load this
 * module twice (Next builds pages and routes separately, and they share one app), and an error made by
 * one copy must still be read as coded by the other.
 */
export const CODED_ERROR: unique symbol = Symbol.for('@allocation/domain/coded-error') as never;

export abstract class DomainError extends Error implements CodedError {
  readonly [CODED_ERROR] = true;
  abstract readonly code: DomainErrorCode;
  abstract readonly field: CommandField | null;
  override get name(): string {
    return this.constructor.name;
  }
}

export class InvalidSku extends DomainError {
  readonly code = 'sku.unknown';
  readonly field = 'sku';
  constructor(readonly sku: string) {
    super(`Invalid sku ${sku}`);
  }
}

export class UnknownBatch extends DomainError {
  readonly code = 'batch.unknown';
  readonly field = 'ref';
  constructor(readonly reference: string) {
    super(`Unknown batch ${reference}`);
  }
}

export class DuplicateBatchReference extends DomainError {
  readonly code = 'batch.reference_taken';
  readonly field = 'ref';
  constructor(readonly reference: string) {
    super(`Batch reference ${reference} already exists`);
  }
}

export class LineAlreadyAllocated extends DomainError {
  readonly code = 'line.already_allocated';
  readonly field = 'qty';
  constructor(
    readonly orderid: string,
    readonly sku: string,
    readonly allocatedQty: number,
    readonly requestedQty: number,
  ) {
    super(
      `Order ${orderid} already has ${allocatedQty} of ${sku} allocated; it cannot be allocated again with qty ${requestedQty}`,
    );
  }
}

export class LineNotAllocated extends DomainError {
  readonly code = 'line.not_allocated';
  readonly field = null;
  constructor(
    readonly orderid: string,
    readonly sku: string,
  ) {
    super(`Order ${orderid} has no allocated line for sku ${sku}`);
  }
}

/** How a value is named in messages, and the command field it comes from. */
const FIELD_OF_VALUE = {
  sku: 'sku',
  'order id': 'orderid',
  'batch reference': 'ref',
  quantity: 'qty',
  'purchased quantity': 'qty',
} as const satisfies Record<string, CommandField>;

export type ValueName = keyof typeof FIELD_OF_VALUE;

export class InvalidQuantity extends DomainError {
  readonly code = 'quantity.invalid';
  readonly field: CommandField;
  constructor(
    readonly what: ValueName,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(`Invalid ${what} ${String(value)}: ${rule}`);
    this.field = FIELD_OF_VALUE[what];
  }
}

export class InvalidDate extends DomainError {
  readonly code = 'date.invalid';
  readonly field = 'eta';
  constructor(readonly value: unknown) {
    super(`Invalid date ${String(value)}: expected a calendar date YYYY-MM-DD`);
  }
}

export class InvalidIdentifier extends DomainError {
  readonly code = 'identifier.invalid';
  readonly field: CommandField;
  constructor(
    readonly what: ValueName,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`Invalid ${what} ${JSON.stringify(value)}: ${reason}`);
    this.field = FIELD_OF_VALUE[what];
  }
}
