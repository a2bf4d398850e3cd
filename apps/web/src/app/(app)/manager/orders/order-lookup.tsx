'use client';

import { allocationsForOrderInput } from '@allocation/contracts';
import { Anchor, Stack } from '@mantine/core';
import Link from 'next/link';
import { Id } from '../../../../components/id';
import { Lookup } from '../../../../components/lookup';
import { OrderLinesTable } from '../../../../components/order-lines-table';
import { activityHref } from '../../../../lib/activity-query';

export function OrderLookup() {
  return (
    <Lookup
      kind="order"
      field="orderid"
      formLabel="Find the allocations of an order"
      label="Order id"
      placeholder="e.g. order-1042"
      schema={allocationsForOrderInput}
      emptyTitle="Which order?"
      emptyHint="Enter an order id to see its lines: where each is allocated, or why it is not."
    >
      {(orderid) => (
        <Stack gap="xs">
          <OrderLinesTable orderid={orderid} />
          <Anchor component={Link} href={activityHref({ orderid })} size="sm">
            Activity of order <Id>{orderid}</Id>
          </Anchor>
        </Stack>
      )}
    </Lookup>
  );
}
