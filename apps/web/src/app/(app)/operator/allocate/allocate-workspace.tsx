'use client';

import { allocateForm } from '@allocation/contracts';
import { Anchor, Button, Grid, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { EmptyState } from '../../../../components/feedback';
import { FormProblem, QuantityInput } from '../../../../components/form-parts';
import { Id, KeepIds } from '../../../../components/id';
import { NameField } from '../../../../components/name-field';
import { StockTable } from '../../../../components/stock-table';
import { formatQty } from '../../../../lib/format';
import { useFormRefusal, useSchemaForm } from '../../../../lib/forms';
import { useTRPC } from '../../../../trpc/client';
import { useInvalidateAfter } from '../../../../trpc/invalidate';
import type { RouterOutputs } from '../../../../trpc/types';

type Values = { orderid: string; sku: string; qty: string };
const initialValues: Values = { orderid: '', sku: '', qty: '' };

const FIELDS = ['orderid', 'sku', 'qty'] as const;

type Outcome = RouterOutputs['allocation']['allocate'];

export function AllocateWorkspace() {
  const trpc = useTRPC();
  const invalidateAfter = useInvalidateAfter();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const form = useSchemaForm({ name: 'allocate', schema: allocateForm, initialValues });
  const refusal = useFormRefusal(form, FIELDS);
  const allocate = useMutation(
    trpc.allocation.allocate.mutationOptions({
      onMutate: () => refusal.clear(),
      onSuccess: async (result) => {
        setOutcome(result);
        // Ready for the next line: the order id is selected, so typing replaces it.
        const orderField = form.getInputNode('orderid') as HTMLInputElement | null;
        orderField?.focus();
        orderField?.select();
        await invalidateAfter.allocate(result);
      },
      onError: (error) => {
        refusal.refuse(error);
        setOutcome(null);
      },
    }),
  );

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Paper>
          <form
            noValidate
            aria-label="Allocate an order line"
            onSubmit={form.onSubmit((input) => allocate.mutate(input))}
          >
            <Stack gap="sm">
              <NameField
                kind="order"
                label="Order id"
                placeholder="e.g. order-1042"
                autoComplete="off"
                data-autofocus
                autoFocus
                withAsterisk
                {...form.getInputProps('orderid')}
              />
              <NameField
                kind="sku"
                label="SKU"
                placeholder="e.g. RED-CHAIR"
                autoComplete="off"
                withAsterisk
                {...form.getInputProps('sku')}
              />
              <QuantityInput label="Quantity" placeholder="Units" {...form.getInputProps('qty')} />
              <FormProblem message={refusal.problem} testId="allocate-problem" />
              <Group justify="flex-end">
                <Button type="submit" loading={allocate.isPending}>
                  Allocate
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <OutcomeCard outcome={outcome} />
          {outcome ? (
            <Paper>
              <Title order={3} size="h5" mb="xs">
                Stock of <Id>{outcome.sku}</Id>
              </Title>
              <StockTable
                sku={outcome.sku}
                highlight={outcome.status === 'allocated' ? [outcome.batchref] : []}
              />
            </Paper>
          ) : null}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

function OutcomeCard({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) {
    return (
      <Paper>
        <EmptyState title="No allocation yet">
          Enter an order line; the batch chosen for it (or why none could take it) shows here.
        </EmptyState>
      </Paper>
    );
  }
  const line = `${formatQty(outcome.qty)} × ${outcome.sku} for order ${outcome.orderid}`;
  if (outcome.status === 'out_of_stock') {
    return (
      <Paper
        role="status"
        aria-label="Allocation outcome"
        data-testid="allocation-outcome"
        bg="var(--mantine-color-orange-light)"
        bd="1px solid var(--mantine-color-orange-3)"
      >
        <Group align="flex-start" wrap="nowrap" gap="sm">
          <ThemeIcon color="orange" variant="filled" radius="xl" size="md" aria-hidden>
            !
          </ThemeIcon>
          <Stack gap={2}>
            <Text fw={650}>Out of stock</Text>
            <Text size="sm">
              <KeepIds
                text={`No batch of ${outcome.sku} can take ${line}. Nothing was allocated, and an out-of-stock alert was raised.`}
              />
            </Text>
            <Anchor
              component={Link}
              href={`/manager/alerts?sku=${encodeURIComponent(outcome.sku)}`}
              size="sm"
            >
              See alerts for <Id>{outcome.sku}</Id>
            </Anchor>
          </Stack>
        </Group>
      </Paper>
    );
  }
  return (
    <Paper
      role="status"
      aria-label="Allocation outcome"
      data-testid="allocation-outcome"
      bg="var(--mantine-color-teal-light)"
      bd="1px solid var(--mantine-color-teal-3)"
    >
      <Group align="flex-start" wrap="nowrap" gap="sm">
        <ThemeIcon color="teal" variant="filled" radius="xl" size="md" aria-hidden>
          ✓
        </ThemeIcon>
        <Stack gap={2}>
          <Text fw={650}>
            {outcome.alreadyAllocated ? 'Already allocated to batch ' : 'Allocated to batch '}
            <Text span ff="monospace" fw={700} data-testid="chosen-batch">
              {outcome.batchref}
            </Text>
          </Text>
          <Text size="sm">
            <KeepIds
              text={outcome.alreadyAllocated ? `${line} was already allocated; nothing changed.` : line}
            />
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}
