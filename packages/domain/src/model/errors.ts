/**
 * Errors are part of the ubiquitous language: each names the rule that was broken.
 * `kind` lets every entry point map them to the right 4xx without knowing each class.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  override get name(): string {
    return this.constructor.name;
  }
}

export class InvalidSku extends DomainError {
  readonly kind = 'invalid';
  constructor(readonly sku: string) {
    super(`Invalid sku ${sku}`);
  }
}

export class UnknownBatch extends DomainError {
  readonly kind = 'not_found';
  constructor(readonly reference: string) {
    super(`Unknown batch ${reference}`);
  }
}

export class DuplicateBatchReference extends DomainError {
  readonly kind = 'conflict';
  constructor(readonly reference: string) {
    super(`Batch reference ${reference} already exists`);
  }
}

export class LineAlreadyAllocated extends DomainError {
  readonly kind = 'conflict';
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
  readonly kind = 'not_found';
  constructor(
    readonly orderid: string,
    readonly sku: string,
  ) {
    super(`Order ${orderid} has no allocated line for sku ${sku}`);
  }
}

export class InvalidQuantity extends DomainError {
  readonly kind = 'invalid';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly rule: string,
  ) {
    super(`Invalid ${field} ${String(value)}: ${rule}`);
  }
}

export class InvalidDate extends DomainError {
  readonly kind = 'invalid';
  constructor(readonly value: unknown) {
    super(`Invalid date ${String(value)}: expected a calendar date YYYY-MM-DD`);
  }
}

export class InvalidIdentifier extends DomainError {
  readonly kind = 'invalid';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`Invalid ${field} ${JSON.stringify(value)}: ${reason}`);
  }
}
