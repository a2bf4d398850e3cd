import { MAX_IDENTIFIER_LENGTH, MAX_QUANTITY } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import { changeBatchQuantityMessage } from '../src/index.ts';

const problems = (data: unknown) =>
  changeBatchQuantityMessage.safeParse(data).error?.issues.map((i) => `${i.path.join('.')} ${i.message}`);

describe('the change_batch_quantity message', () => {
  it('takes a batch reference and a quantity that may be zero, ignoring other keys', () => {
    expect(changeBatchQuantityMessage.parse({ batchref: ' B-1 ', qty: 0, by: 'ops' })).toEqual({
      batchref: 'B-1',
      qty: 0,
    });
  });

  it("keeps to the domain's limits, naming the message's own keys", () => {
    expect(problems({ batchref: 'x'.repeat(MAX_IDENTIFIER_LENGTH + 1), qty: MAX_QUANTITY + 1 })).toEqual([
      `batchref must be at most ${MAX_IDENTIFIER_LENGTH} characters`,
      `qty must be at most ${MAX_QUANTITY}`,
    ]);
    expect(problems({ batchref: 'B\u0007', qty: 1 })).toEqual([
      'batchref must not contain control characters',
    ]);
    expect(problems({ batchref: 5, qty: 1 })).toEqual(['batchref must be a string']);
  });
});
