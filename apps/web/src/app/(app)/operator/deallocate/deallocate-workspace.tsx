'use client';

import { deallocateInput } from '@allocation/contracts';
import { Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState } from '../../../../components/feedback';
import { FormProblem } from '../../../../components/form-parts';
import { NameField } from '../../../../components/name-field';
import { OrderAllocationsTable } from '../../../../components/order-allocations-table';
import { serverProblem } from '../../../../lib/errors';
import { formatQty } from '../../../../lib/format';
import { useSchemaForm } from '../../../../lib/forms';
import { useTRPC } from '../../../../trpc/client';
import { useInvalidateAfter } from '../../../../trpc/invalidate';

type Values = { orderid: string; sku: string };
const initialValues: Values = { orderid: '', sku: '' };
const FIELDS = ['orderid', 'sku'] as const;

export function DeallocateWorkspace() {
  const trpc = useTRPC();
  const invalidateAfter = useInvalidateAfter();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useSchemaForm({ schema: deallocateInput, initialValues });
  const deallocate = useMutation(
    trpc.allocation.deallocate.mutationOptions({
      onMutate: () => setProblem(null),
      onSuccess: (line) => invalidateAfter.deallocate(line),
      onError: (error) => {
        const found = serverProblem(error, FIELDS);
        form.setErrors(found.fieldErrors);
        setProblem(found.message);
      },
    }),
  );
  const line = deallocate.data;
  // The lines of the order being typed, so the operator sees what they are about to cancel.
  const [orderid] = useDebouncedValue(form.values.orderid.trim(), 300);
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper>
          <form
            noValidate
            aria-label="Deallocate an order line"
            onSubmit={form.onSubmit((input) => deallocate.mutate(input))}
          >
            <Stack gap="sm">
              <NameField
                kind="order"
                label="Order id"
                autoComplete="off"
                withAsterisk
                autoFocus
                {...form.getInputProps('orderid')}
              />
              <NameField
                kind="sku"
                label="SKU"
                autoComplete="off"
                withAsterisk
                {...form.getInputProps('sku')}
              />
              <FormProblem message={problem} testId="deallocate-problem" />
              <Group justify="flex-end">
                <Button type="submit" color="red" variant="light" loading={deallocate.isPending}>
                  Deallocate
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          {line ? (
            <Paper role="status" aria-label="Line deallocated" data-testid="deallocated">
              <Text size="sm">
                {formatQty(line.qty)} × {line.sku} of order{' '}
                <Text span ff="monospace" fw={700}>
                  {line.orderid}
                </Text>{' '}
                left batch{' '}
                <Text span ff="monospace" fw={700}>
                  {line.batchref}
                </Text>
                ; its stock is available again.
              </Text>
            </Paper>
          ) : null}
          {orderid ? (
            <Paper>
              <Title order={3} size="h5" mb="xs">
                {line && line.orderid === orderid
                  ? `What order ${orderid} still has`
                  : `Lines of order ${orderid}`}
              </Title>
              <OrderAllocationsTable
                orderid={orderid}
                busy={deallocate.isPending}
                onDeallocate={(chosen) => {
                  form.setValues(chosen);
                  deallocate.mutate(chosen);
                }}
              />
            </Paper>
          ) : (
            <Paper>
              <EmptyState title="Which order?">
                Enter the order id and SKU of the cancelled line, or pick the line from the order’s list. Its
                batch gets the stock back.
              </EmptyState>
            </Paper>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
