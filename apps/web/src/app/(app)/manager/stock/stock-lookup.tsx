'use client';

import { stockForSkuInput } from '@allocation/contracts';
import { Lookup } from '../../../../components/lookup';
import { SkuList } from '../../../../components/sku-list';
import { StockTable } from '../../../../components/stock-table';

export function StockLookup() {
  return (
    <Lookup
      kind="sku"
      field="sku"
      formLabel="Find the stock of a SKU"
      label="SKU"
      placeholder="e.g. RED-CHAIR"
      schema={stockForSkuInput}
      emptyTitle="Which SKU?"
      emptyHint="Enter a SKU to see each of its batches."
      whenEmpty={<SkuList />}
    >
      {(sku) => <StockTable sku={sku} />}
    </Lookup>
  );
}
