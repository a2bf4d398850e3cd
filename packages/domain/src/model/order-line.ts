import { identifier, quantity } from './values.ts';

/** What a customer ordered of one sku. `(orderid, sku)` identifies it: an order has one line per sku. */
export interface OrderLine {
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
}

export function orderLine(orderid: string, sku: string, qty: number): OrderLine {
  return Object.freeze({
    orderid: identifier('order id', orderid),
    sku: identifier('sku', sku),
    qty: quantity('quantity', qty, { min: 1 }),
  });
}
