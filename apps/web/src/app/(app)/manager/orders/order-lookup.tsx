'use client';

import { allocationsForOrderInput } from '@allocation/contracts';
import { Lookup } from '../../../../components/lookup';
import { OrderAllocationsTable } from '../../../../components/order-allocations-table';

export function OrderLookup() {
  return (
    <Lookup
      field="orderid"
      formLabel="Find the allocations of an order"
      label="Order id"
      placeholder="e.g. order-1042"
      schema={allocationsForOrderInput}
      emptyTitle="Which order?"
      emptyHint="Enter an order id to see where its lines are allocated."
    >
      {(orderid) => <OrderAllocationsTable orderid={orderid} />}
    </Lookup>
  );
}
