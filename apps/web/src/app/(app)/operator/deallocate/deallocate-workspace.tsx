'use client';

import { deallocateInput } from '@allocation/contracts';
import { Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../../../../components/confirm-dialog';
import { EmptyState } from '../../../../components/feedback';
import { FormProblem } from '../../../../components/form-parts';
import { Id } from '../../../../components/id';
import { NameField } from '../../../../components/name-field';
import { OrderAllocationsTable } from '../../../../components/order-allocations-table';
import { formatQty } from '../../../../lib/format';
import { useFormRefusal, useSchemaForm } from '../../../../lib/forms';
import { useTRPC } from '../../../../trpc/client';
import { useInvalidateAfter } from '../../../../trpc/invalidate';

type Values = { orderid: string; sku: string };
const initialValues: Values = { orderid: '', sku: '' };
const FIELDS = ['orderid', 'sku'] as const;
/** The line about to leave its batch, as the order's allocations show it. */
type Line = { orderid: string; sku: string; qty: number; batchref: string };

export function DeallocateWorkspace() {
  const trpc = useTRPC();
  const invalidateAfter = useInvalidateAfter();
  const queryClient = useQueryClient();
  const form = useSchemaForm({ name: 'deallocate', schema: deallocateInput, initialValues });
  const refusal = useFormRefusal(form, FIELDS);
  const [confirming, setConfirming] = useState<Line | null>(null);
  const deallocate = useMutation(
    trpc.allocation.deallocate.mutationOptions({
      onMutate: () => refusal.clear(),
      onSuccess: (line) => invalidateAfter.deallocate(line),
      onError: (error) => refusal.refuse(error),
    }),
  );
  // The line is looked up first, so the question names its quantity and batch; a line the order
  // does not have goes to the server, whose refusal says so beside the field.
  const askFor = useMutation({
    mutationFn: async (input: { orderid: string; sku: string }) => {
      const lines = await queryClient.fetchQuery({
        ...trpc.allocation.forOrder.queryOptions({ orderid: input.orderid }),
        staleTime: 0,
      });
      const found = lines.find((line) => line.sku === input.sku);
      return found ? { orderid: input.orderid, ...found } : null;
    },
    onMutate: () => refusal.clear(),
    onSuccess: (line, input) => (line ? setConfirming(line) : deallocate.mutate(input)),
    onError: (error) => refusal.refuse(error),
  });
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
            onSubmit={form.onSubmit((input) => askFor.mutate(input))}
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
              <FormProblem message={refusal.problem} testId="deallocate-problem" />
              <Group justify="flex-end">
                <Button
                  type="submit"
                  color="red"
                  variant="light"
                  loading={deallocate.isPending || askFor.isPending}
                >
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
                {formatQty(line.qty)} × <Id>{line.sku}</Id> of order{' '}
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
                {line && line.orderid === orderid ? 'What order ' : 'Lines of order '}
                <Id>{orderid}</Id>
                {line && line.orderid === orderid ? ' still has' : ''}
              </Title>
              <OrderAllocationsTable
                orderid={orderid}
                busy={deallocate.isPending}
                onDeallocate={(chosen) => {
                  form.setValues({ orderid: chosen.orderid, sku: chosen.sku });
                  setConfirming(chosen);
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
      <ConfirmDialog
        opened={confirming !== null}
        title="Deallocate this line?"
        testId="deallocate-confirm"
        onCancel={() => setConfirming(null)}
        choices={
          confirming
            ? [
                {
                  label: 'Deallocate',
                  color: 'red',
                  onChoose: () => {
                    setConfirming(null);
                    deallocate.mutate({ orderid: confirming.orderid, sku: confirming.sku });
                  },
                },
              ]
            : []
        }
      >
        {confirming ? (
          <Text size="sm">
            {formatQty(confirming.qty)} × <Id>{confirming.sku}</Id> of order{' '}
            <Text span ff="monospace" fw={700}>
              {confirming.orderid}
            </Text>{' '}
            will leave batch{' '}
            <Text span ff="monospace" fw={700}>
              {confirming.batchref}
            </Text>
            . The customer cancelled: the line is not allocated again, and the batch gets its stock back.
          </Text>
        ) : null}
      </ConfirmDialog>
    </Grid>
  );
}
