'use client';

import { addBatchInput, changeBatchQuantityInput } from '@allocation/contracts';
import { Badge, Button, Grid, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormProblem, QuantityInput } from '../../../../components/form-parts';
import { NameField } from '../../../../components/name-field';
import { StockTable } from '../../../../components/stock-table';
import { serverProblem } from '../../../../lib/errors';
import { formatDay, formatQty } from '../../../../lib/format';
import { formSchema, type NumberField, useSchemaForm } from '../../../../lib/forms';
import { useTRPC } from '../../../../trpc/client';
import { useInvalidateAfter } from '../../../../trpc/invalidate';
import type { RouterOutputs } from '../../../../trpc/types';

type MovedLine = RouterOutputs['batch']['changeQuantity']['moved'][number];

export function BatchWorkspace() {
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <CreateBatch />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <ChangeQuantity />
      </Grid.Col>
    </Grid>
  );
}

type CreateValues = { ref: string; sku: string; qty: NumberField; eta: string };
const CREATE_FIELDS = ['ref', 'sku', 'qty', 'eta'] as const;
const createSchema = formSchema(addBatchInput, { numbers: ['qty'], dates: ['eta'] });
const createValues: CreateValues = { ref: '', sku: '', qty: '', eta: '' };

function CreateBatch() {
  const trpc = useTRPC();
  const invalidateAfter = useInvalidateAfter();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useSchemaForm({ schema: createSchema, initialValues: createValues });
  const create = useMutation(
    trpc.batch.create.mutationOptions({
      onMutate: () => setProblem(null),
      onSuccess: (batch) => invalidateAfter.createBatch(batch),
      onError: (error) => {
        const found = serverProblem(error, CREATE_FIELDS);
        form.setErrors(found.fieldErrors);
        setProblem(found.message);
      },
    }),
  );
  const created = create.data;
  return (
    <Stack gap="md">
      <Paper>
        <Title order={3} size="h5" mb="sm">
          Add a batch
        </Title>
        <form noValidate aria-label="Add a batch" onSubmit={form.onSubmit((input) => create.mutate(input))}>
          <Stack gap="sm">
            <Group grow align="flex-start">
              <TextInput
                label="Batch reference"
                placeholder="e.g. batch-0042"
                autoComplete="off"
                withAsterisk
                {...form.getInputProps('ref')}
              />
              <NameField
                kind="sku"
                label="SKU"
                placeholder="e.g. RED-CHAIR"
                autoComplete="off"
                withAsterisk
                {...form.getInputProps('sku')}
              />
            </Group>
            <Group grow align="flex-start">
              <QuantityInput
                label="Quantity"
                placeholder="Units purchased"
                min={1}
                {...form.getInputProps('qty')}
              />
              <TextInput
                type="date"
                label="ETA"
                description="Leave empty for stock already in the warehouse"
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                {...form.getInputProps('eta')}
              />
            </Group>
            <FormProblem message={problem} testId="create-batch-problem" />
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending}>
                Add batch
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {created ? (
        <Paper role="status" aria-label="Batch added" data-testid="batch-created">
          <Text size="sm" mb="xs">
            Batch{' '}
            <Text span ff="monospace" fw={700}>
              {created.ref}
            </Text>{' '}
            added: {formatQty(created.qty)} × {created.sku},{' '}
            {created.eta ? `arriving ${formatDay(created.eta)}` : 'in the warehouse'}.
          </Text>
          <StockTable sku={created.sku} highlight={[created.ref]} />
        </Paper>
      ) : null}
    </Stack>
  );
}

type ChangeValues = { ref: string; qty: NumberField };
const CHANGE_FIELDS = ['ref', 'qty'] as const;
const changeSchema = formSchema(changeBatchQuantityInput, { numbers: ['qty'] });
const changeValues: ChangeValues = { ref: '', qty: '' };

function ChangeQuantity() {
  const trpc = useTRPC();
  const invalidateAfter = useInvalidateAfter();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useSchemaForm({ schema: changeSchema, initialValues: changeValues });
  const change = useMutation(
    trpc.batch.changeQuantity.mutationOptions({
      onMutate: () => setProblem(null),
      onSuccess: (result) => invalidateAfter.changeBatchQuantity(result),
      onError: (error) => {
        const found = serverProblem(error, CHANGE_FIELDS);
        form.setErrors(found.fieldErrors);
        setProblem(found.message);
      },
    }),
  );
  const result = change.data;
  return (
    <Stack gap="md">
      <Paper>
        <Title order={3} size="h5" mb="sm">
          Change a batch’s quantity
        </Title>
        <form
          noValidate
          aria-label="Change a batch’s quantity"
          onSubmit={form.onSubmit((input) => change.mutate(input))}
        >
          <Stack gap="sm">
            <Group grow align="flex-start">
              <TextInput
                label="Batch reference"
                autoComplete="off"
                withAsterisk
                {...form.getInputProps('ref')}
              />
              <QuantityInput
                label="New quantity"
                description="Purchased units; 0 empties the batch"
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                min={0}
                {...form.getInputProps('qty')}
              />
            </Group>
            <FormProblem message={problem} testId="change-quantity-problem" />
            <Group justify="flex-end">
              <Button type="submit" loading={change.isPending}>
                Change quantity
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {result ? (
        <Paper role="status" aria-label="Quantity changed" data-testid="quantity-changed">
          <Text size="sm" mb="xs">
            Batch{' '}
            <Text span ff="monospace" fw={700}>
              {result.ref}
            </Text>{' '}
            now holds {formatQty(result.qty)}.{' '}
            {result.moved.length === 0
              ? 'No lines had to move.'
              : `${result.moved.length} ${result.moved.length === 1 ? 'line' : 'lines'} had to move:`}
          </Text>
          {result.moved.length > 0 ? <MovedLines moved={result.moved} /> : null}
        </Paper>
      ) : null}
    </Stack>
  );
}

function MovedLines({ moved }: { moved: readonly MovedLine[] }) {
  return (
    <Table striped verticalSpacing={6} fz="sm" aria-label="Lines moved" data-testid="moved-lines">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Order</Table.Th>
          <Table.Th>SKU</Table.Th>
          <Table.Th ta="right">Qty</Table.Th>
          <Table.Th>From</Table.Th>
          <Table.Th>Now in</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {moved.map((line) => (
          <Table.Tr key={`${line.orderid}/${line.sku}`}>
            <Table.Td ff="monospace">{line.orderid}</Table.Td>
            <Table.Td>{line.sku}</Table.Td>
            <Table.Td ta="right" className="tabular">
              {formatQty(line.qty)}
            </Table.Td>
            <Table.Td ff="monospace">{line.from}</Table.Td>
            <Table.Td>
              {line.to ? (
                <Text span ff="monospace" size="sm" fw={600}>
                  {line.to}
                  {line.to === line.from ? (
                    <Text span size="xs" c="dimmed" ff="body" fw={400}>
                      {' '}
                      (same batch)
                    </Text>
                  ) : null}
                </Text>
              ) : (
                <Badge color="orange" variant="light" size="sm">
                  Out of stock
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
