import { z } from 'zod';
import { identifierRule, wholeNumberRule } from './fields.ts';

// Messages other systems send over Redis. A rejected one becomes a dead letter whose error names the
// message's key first ("qty must be at least 0"), so the rules here carry no subject of their own.

/** Channel `change_batch_quantity`: `{"batchref": "B-1", "qty": 5}` (other keys are ignored). */
export const changeBatchQuantityMessage = z.object({
  batchref: identifierRule({ blank: 'must not be empty', notText: 'must be a string' }),
  qty: wholeNumberRule(0, {}),
});
export type ChangeBatchQuantityMessage = z.infer<typeof changeBatchQuantityMessage>;
