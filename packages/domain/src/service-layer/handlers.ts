/**
 * One handler per command, and the event handlers. Each gets its unit of work from the bus and
 * any other dependency by explicit injection (see bootstrap.ts).
 */
import type { Allocate, ChangeBatchQuantity, CreateBatch, Deallocate } from '../model/commands.ts';
import { DuplicateBatchReference, InvalidSku, UnknownBatch } from '../model/errors.ts';
import type {
  Allocated,
  AllocationCancelled,
  BatchCreated,
  BatchQuantityChanged,
  Deallocated,
  DomainEvent,
  OutOfStock,
} from '../model/events.ts';
import { orderLine } from '../model/order-line.ts';
import { type AllocationOutcome, Product } from '../model/product.ts';
import { calendarDate, identifier, quantity } from '../model/values.ts';
import type { BatchQuantityChange, CreatedBatch, MovedLine } from './command-results.ts';
import type { AllocationLine, Clock, Notifications, UnitOfWork } from './ports.ts';
import { historyEntryFor } from './stock-history.ts';

export async function addBatch(command: CreateBatch, uow: UnitOfWork): Promise<CreatedBatch> {
  const eta = command.eta === null ? null : calendarDate(command.eta);
  const sku = identifier('sku', command.sku);
  if (await uow.products.getByBatchRef(command.ref)) throw new DuplicateBatchReference(command.ref);
  let product = await uow.products.get(sku);
  if (!product) {
    product = new Product({ sku });
    uow.products.add(product);
  }
  const batch = product.addBatch(command.ref, command.qty, eta);
  await uow.commit();
  return { ref: batch.reference, sku: batch.sku, qty: batch.purchasedQuantity, eta: batch.eta };
}

export async function allocate(command: Allocate, uow: UnitOfWork): Promise<AllocationOutcome> {
  const line = orderLine(command.orderid, command.sku, command.qty);
  const product = await uow.products.get(line.sku, { orderid: line.orderid });
  if (!product) throw new InvalidSku(line.sku);
  const outcome = product.allocate(line);
  await uow.commit();
  return outcome;
}

export async function changeBatchQuantity(
  command: ChangeBatchQuantity,
  uow: UnitOfWork,
): Promise<BatchQuantityChange> {
  const qty = quantity('quantity', command.qty, { min: 0 });
  // First, so the key and the change commit together and a concurrent repeat waits for this one.
  if (command.idempotencyKey !== undefined && !(await uow.inbox.accept(command.idempotencyKey))) {
    return { ref: command.ref, qty, before: null, moved: [], repeated: true };
  }
  const product = await uow.products.getByBatchRef(command.ref);
  if (!product) throw new UnknownBatch(command.ref);
  const before = product.batch(command.ref)?.purchasedQuantity ?? null;
  // The product moves each pushed-out line another batch can take in this same unit of work:
  // committed with the change (and their line_allocated in the outbox with it), so a crash right
  // after the commit cannot leave them without a batch.
  const pushedOut = product.changeBatchQuantity(command.ref, qty);
  await uow.commit();
  const moved = pushedOut.map(
    ({ line, from, to }): MovedLine => ({ orderid: line.orderid, sku: line.sku, qty: line.qty, from, to }),
  );
  return { ref: command.ref, qty, before, moved };
}

export async function deallocate(command: Deallocate, uow: UnitOfWork): Promise<AllocationLine> {
  const orderid = identifier('order id', command.orderid);
  const product = await uow.products.get(command.sku, { orderid });
  if (!product) throw new InvalidSku(command.sku);
  const { line, batchref } = product.deallocate(orderid);
  await uow.commit();
  return { ...line, batchref };
}

/**
 * A line pushed out by a quantity change is allocated again, like a new order. Usually the product
 * has re-homed it already (see Product.changeBatchQuantity) and this is an idempotent no-op; a line
 * no batch could take gets its OutOfStock here, as any order does.
 */
export async function reallocate(event: Deallocated, uow: UnitOfWork): Promise<void> {
  await allocate({ type: 'Allocate', orderid: event.orderid, sku: event.sku, qty: event.qty }, uow);
}

export async function sendOutOfStockNotification(
  event: OutOfStock,
  notifications: Notifications,
  stockTeamAddress: string,
): Promise<void> {
  await notifications.send(
    stockTeamAddress,
    `Out of stock for ${event.sku}: order ${event.orderid} asked for ${event.qty}`,
  );
}

// Read-model handlers: each keeps the tables shaped for reading current, in its own transaction.

export async function addBatchToReadModel(event: BatchCreated, uow: UnitOfWork): Promise<void> {
  await uow.readModel.batchCreated(event);
  await uow.commit();
}

export async function changeBatchQuantityInReadModel(
  event: BatchQuantityChanged,
  uow: UnitOfWork,
): Promise<void> {
  await uow.readModel.batchQuantityChanged(event);
  await uow.commit();
}

export async function addAllocationToReadModel(
  event: Allocated,
  uow: UnitOfWork,
  clock: Clock,
): Promise<void> {
  await uow.readModel.lineAllocated(event, clock.now());
  await uow.commit();
}

export async function removeAllocationFromReadModel(
  event: Deallocated | AllocationCancelled,
  uow: UnitOfWork,
  clock: Clock,
): Promise<void> {
  const { orderid, sku, qty, batchref } = event;
  const reason = event.type === 'AllocationCancelled' ? 'cancelled' : 'pushed_out';
  await uow.readModel.lineDeallocated({ orderid, sku, qty, batchref }, reason, clock.now());
  await uow.commit();
}

export async function recordOutOfStockAlert(event: OutOfStock, uow: UnitOfWork, clock: Clock): Promise<void> {
  await uow.readModel.outOfStock(event, clock.now());
  await uow.commit();
}

/** Every event leaves its entry in the stock history, in a unit of work of its own. */
export async function recordStockHistory(event: DomainEvent, uow: UnitOfWork, clock: Clock): Promise<void> {
  await uow.history.record(historyEntryFor(event, clock.now()));
  await uow.commit();
}
