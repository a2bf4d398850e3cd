import { z } from 'zod';
import {
  batchQuantity,
  batchRef,
  eta,
  formBatchQuantity,
  formQuantity,
  orderId,
  quantity,
  sku,
} from './fields.ts';

// The input of each command, in the book's wire shape (the REST contract uses exactly these keys).

export const addBatchInput = z.object({ ref: batchRef, sku, qty: quantity, eta });
export type AddBatchInput = z.input<typeof addBatchInput>;

export const allocateInput = z.object({ orderid: orderId, sku, qty: quantity });
export type AllocateInput = z.input<typeof allocateInput>;

export const changeBatchQuantityInput = z.object({ ref: batchRef, qty: batchQuantity });
export type ChangeBatchQuantityInput = z.input<typeof changeBatchQuantityInput>;

export const deallocateInput = z.object({ orderid: orderId, sku });
export type DeallocateInput = z.input<typeof deallocateInput>;

// The same inputs as the web forms hold them: quantities as the text typed (see formQuantityRule).

export const allocateForm = allocateInput.extend({ qty: formQuantity });
export const addBatchForm = addBatchInput.extend({ qty: formQuantity });
export const changeBatchQuantityForm = changeBatchQuantityInput.extend({ qty: formBatchQuantity });
