import { Text } from '@mantine/core';
import { formatQty } from '../lib/format';

/** Units still available, in bold; none left stands out in orange (batch list, SKU overview). */
export function AvailableQty({ qty }: { qty: number }) {
  return (
    <Text span size="sm" fw={600} c={qty === 0 ? 'orange.8' : undefined}>
      {formatQty(qty)}
    </Text>
  );
}
