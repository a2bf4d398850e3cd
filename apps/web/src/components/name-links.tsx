'use client';

import { Anchor, type AnchorProps } from '@mantine/core';
import Link from 'next/link';
import { orderHref, stockHref } from '../lib/links';
import { Id } from './id';

/** A sku, linking to its stock. */
export function SkuLink({ sku, ...props }: { sku: string } & AnchorProps) {
  return (
    <Anchor component={Link} href={stockHref(sku)} size="sm" title={`Stock of ${sku}`} {...props}>
      <Id>{sku}</Id>
    </Anchor>
  );
}

/** An order id, linking to the order's lines. */
export function OrderLink({ orderid, ...props }: { orderid: string } & AnchorProps) {
  return (
    <Anchor
      component={Link}
      href={orderHref(orderid)}
      size="sm"
      ff="monospace"
      title={`Lines of order ${orderid}`}
      {...props}
    >
      <Id>{orderid}</Id>
    </Anchor>
  );
}

/** A batch reference, linking to the stock of its sku (where the batch is one row). */
export function BatchLink({ reference, sku, ...props }: { reference: string; sku: string } & AnchorProps) {
  return (
    <Anchor
      component={Link}
      href={stockHref(sku)}
      size="sm"
      ff="monospace"
      title={`Stock of ${sku}, batch ${reference}`}
      {...props}
    >
      <Id>{reference}</Id>
    </Anchor>
  );
}
