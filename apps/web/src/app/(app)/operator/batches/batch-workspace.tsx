'use client';

import { addBatchForm, changeBatchQuantityForm } from '@allocation/contracts';
import { Badge, Button, Grid, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { BatchSearchInput, type FoundBatch } from '../../../../components/batch-search-input';
import { ConfirmDialog } from '../../../../components/confirm-dialog';
import { FormProblem, QuantityInput } from '../../../../components/form-parts';
import { Id } from '../../../../components/id';
import { NameField } from '../../../../components/name-field';
import { BatchLink, OrderLink, SkuLink } from '../../../../components/name-links';
import { StockTable } from '../../../../components/stock-table';
import { formatDay, formatQty } from '../../../../lib/format';
import { formSchema, useFormRefusal, useSchemaForm } from '../../../../lib/forms';
import { useTRPC } from '../../../../trpc/client';
import { useInvalidateAfter } from '../../../../trpc/invalidate';
import type { RouterInputs, RouterOutputs } from '../../../../trpc/types';

type Change = RouterOutputs['batch']['changeQuantity'];
type Impact = RouterOutputs['batch']['previewQuantityChange'];
type ChangeInput = RouterInputs['batch']['changeQuantity'];

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

type CreateValues = { ref: string; sku: string; qty: string; eta: string };
const CREATE_FIELDS = ['ref', 'sku', 'qty', 'eta'] as const;
const createSchema = formSchema(addBatchForm, { dates: ['eta'] });
const createValues: CreateValues = { ref: '', sku: '', qty: '', eta: '' };
type CreateInput = RouterInputs['batch']['create'];

/**
 * Today in the browser's calendar, as YYYY-MM-DD. An eta is "in the past" by the operator's own
 * calendar, the one the date field shows: the question is for the person at the desk, and the
 * server does not refuse a past eta (it is a valid date), so no round trip decides it.
 */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function CreateBatch() {
  const trpc = useTRPC();
  const invalidateAfter = useInvalidateAfter();
  const form = useSchemaForm({ name: 'add-batch', schema: createSchema, initialValues: createValues });
  const refusal = useFormRefusal(form, CREATE_FIELDS);
  const [pastEta, setPastEta] = useState<CreateInput | null>(null);
  const create = useMutation(
    trpc.batch.create.mutationOptions({
      onMutate: () => refusal.clear(),
      onSuccess: async (batch) => {
        // Ready for the next batch of the same sku: nothing of this one is carried over silently.
        form.setValues({ ref: '', qty: '', eta: '' });
        form.resetDirty();
        setTimeout(() => form.getInputNode('ref')?.focus(), 0);
        await invalidateAfter.createBatch(batch);
      },
      onError: (error) => refusal.refuse(error),
    }),
  );
  const submit = (input: CreateInput) => {
    if (input.eta && input.eta < localToday()) setPastEta(input);
    else create.mutate(input);
  };
  const created = create.data;
  return (
    <Stack gap="md">
      <Paper>
        <Title order={3} size="h5" mb="sm">
          Add a batch
        </Title>
        <form noValidate aria-label="Add a batch" onSubmit={form.onSubmit(submit)}>
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
              <QuantityInput label="Quantity" placeholder="Units purchased" {...form.getInputProps('qty')} />
              <TextInput
                type="date"
                label="ETA"
                description="Leave empty for stock already in the warehouse"
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                {...form.getInputProps('eta')}
              />
            </Group>
            <FormProblem message={refusal.problem} testId="create-batch-problem" />
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending}>
                Add batch
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <ConfirmDialog
        opened={pastEta !== null}
        title="Arrives in the past: is it in the warehouse?"
        testId="past-eta-confirm"
        onCancel={() => {
          setPastEta(null);
          setTimeout(() => form.getInputNode('eta')?.focus(), 0);
        }}
        choices={
          pastEta
            ? [
                {
                  label: 'Make it warehouse stock',
                  onChoose: () => {
                    setPastEta(null);
                    create.mutate({ ...pastEta, eta: null });
                  },
                },
                {
                  label: `Add arriving ${formatDay(pastEta.eta ?? '')}`,
                  variant: 'light',
                  onChoose: () => {
                    setPastEta(null);
                    create.mutate(pastEta);
                  },
                },
              ]
            : []
        }
      >
        {pastEta?.eta ? (
          <Text size="sm">
            Batch{' '}
            <Text span ff="monospace" fw={700}>
              {pastEta.ref}
            </Text>{' '}
            has an ETA of {formatDay(pastEta.eta)}, which is before today. If the stock is already here, add
            it as warehouse stock (no ETA): it is then allocated first.
          </Text>
        ) : null}
      </ConfirmDialog>
      {created ? (
        <Paper role="status" aria-label="Batch added" data-testid="batch-created">
          <Text size="sm" mb="xs">
            Batch{' '}
            <Text span ff="monospace" fw={700}>
              {created.ref}
            </Text>{' '}
            added: {formatQty(created.qty)} × <Id>{created.sku}</Id>,{' '}
            {created.eta ? `arriving ${formatDay(created.eta)}` : 'in the warehouse'}.
          </Text>
          <StockTable sku={created.sku} highlight={[created.ref]} />
        </Paper>
      ) : null}
    </Stack>
  );
}

type ChangeValues = { ref: string; qty: string };
const CHANGE_FIELDS = ['ref', 'qty'] as const;
const changeValues: ChangeValues = { ref: '', qty: '' };

/** The same lines, whatever their order: what tells a result from its preview. */
const sameLines = (a: readonly object[], b: readonly object[]) =>
  JSON.stringify(a.map((x) => JSON.stringify(x)).sort()) ===
  JSON.stringify(b.map((x) => JSON.stringify(x)).sort());

/** A quantity change as it happened, in the preview's terms. */
function impactOf(change: Change): Impact {
  return {
    ref: change.ref,
    before: change.before ?? change.qty,
    after: change.qty,
    moves: change.moved.flatMap(({ to, ...line }) => (to === null ? [] : [{ ...line, to }])),
    outOfStock: change.moved.flatMap(({ to, ...line }) => (to === null ? [line] : [])),
  };
}

function ChangeQuantity() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidateAfter = useInvalidateAfter();
  const form = useSchemaForm({
    name: 'change-quantity',
    schema: changeBatchQuantityForm,
    initialValues: changeValues,
  });
  const refusal = useFormRefusal(form, CHANGE_FIELDS);
  const [picked, setPicked] = useState<FoundBatch | null>(null);
  const [preview, setPreview] = useState<{ input: ChangeInput; impact: Impact } | null>(null);
  const [applied, setApplied] = useState<{ change: Change; previewed: Impact } | null>(null);
  const previewChange = useMutation({
    mutationFn: (input: ChangeInput) =>
      queryClient.fetchQuery({ ...trpc.batch.previewQuantityChange.queryOptions(input), staleTime: 0 }),
    onMutate: () => {
      refusal.clear();
      setApplied(null);
    },
    onSuccess: (impact, input) => setPreview({ input, impact }),
    onError: (error) => refusal.refuse(error),
  });
  const change = useMutation(
    trpc.batch.changeQuantity.mutationOptions({
      onMutate: () => refusal.clear(),
      onSuccess: async (result) => {
        if (preview) setApplied({ change: result, previewed: preview.impact });
        setPreview(null);
        setPicked(null);
        form.setValues(changeValues);
        await invalidateAfter.changeBatchQuantity(result);
      },
      onError: (error) => {
        setPreview(null);
        refusal.refuse(error);
      },
    }),
  );
  // A preview holds only for the values it was made of.
  const values = form.getValues();
  const current =
    preview && preview.input.ref === values.ref.trim() && String(preview.input.qty) === values.qty.trim()
      ? preview
      : null;
  return (
    <Stack gap="md">
      <Paper>
        <Title order={3} size="h5" mb="sm">
          Change a batch’s quantity
        </Title>
        <form
          noValidate
          aria-label="Change a batch’s quantity"
          onSubmit={form.onSubmit((input) => previewChange.mutate(input))}
        >
          <Stack gap="sm">
            <Group grow align="flex-start">
              <BatchSearchInput
                label="Batch"
                placeholder="Reference or SKU"
                description={
                  picked && picked.reference === values.ref
                    ? `${picked.sku}: holds ${formatQty(picked.purchased)}, ${formatQty(picked.allocated)} allocated`
                    : 'Type to search; arrows and Enter pick'
                }
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                withAsterisk
                {...form.getInputProps('ref')}
                value={values.ref}
                onPick={setPicked}
                data-testid="change-quantity-batch"
              />
              <QuantityInput
                label="New quantity"
                description="Purchased units; 0 empties the batch"
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                {...form.getInputProps('qty')}
              />
            </Group>
            <FormProblem message={refusal.problem} testId="change-quantity-problem" />
            <Group justify="flex-end">
              <Button
                type="submit"
                variant={current ? 'default' : 'filled'}
                loading={previewChange.isPending}
              >
                Show the impact
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {current ? (
        <Paper aria-label="Impact of the change" data-testid="quantity-impact">
          <Title order={3} size="h5" mb="xs">
            Before you apply
          </Title>
          <ImpactSummary impact={current.impact} tense="would" />
          <Group justify="flex-end" mt="sm" gap="xs">
            <Button variant="default" onClick={() => setPreview(null)}>
              Cancel
            </Button>
            <Button loading={change.isPending} onClick={() => change.mutate(current.input)}>
              Apply: {formatQty(current.impact.before)} → {formatQty(current.impact.after)}
            </Button>
          </Group>
        </Paper>
      ) : null}
      {applied ? <ChangeApplied {...applied} /> : null}
    </Stack>
  );
}

function ChangeApplied({ change, previewed }: { change: Change; previewed: Impact }) {
  const happened = impactOf(change);
  const differs =
    happened.before !== previewed.before ||
    !sameLines(happened.moves, previewed.moves) ||
    !sameLines(happened.outOfStock, previewed.outOfStock);
  return (
    <Paper role="status" aria-label="Quantity changed" data-testid="quantity-changed">
      {differs ? (
        <Text size="sm" mb="xs" fw={600} data-testid="quantity-changed-differs">
          Another change landed between the preview and now: this is what happened, not what the preview said.
        </Text>
      ) : null}
      <ImpactSummary impact={happened} tense="did" />
    </Paper>
  );
}

/** Before → after, then the lines that move and, apart, those that go out of stock. */
function ImpactSummary({ impact, tense }: { impact: Impact; tense: 'would' | 'did' }) {
  const { ref, before, after, moves, outOfStock } = impact;
  const lines = (n: number) => `${n} ${n === 1 ? 'line' : 'lines'}`;
  const batch = (
    <Text span ff="monospace" fw={700}>
      {ref}
    </Text>
  );
  return (
    <Stack gap="xs">
      <Text size="sm">
        {tense === 'would' ? (
          <>
            Batch {batch} holds {formatQty(before)}; it would hold {formatQty(after)}.
          </>
        ) : (
          <>
            Batch {batch} held {formatQty(before)}; it now holds {formatQty(after)}.
          </>
        )}{' '}
        {moves.length === 0 && outOfStock.length === 0
          ? tense === 'would'
            ? 'No line would have to move.'
            : 'No line had to move.'
          : null}
      </Text>
      {moves.length > 0 ? (
        <>
          <Text size="sm">
            {lines(moves.length)} {tense === 'would' ? 'would move' : 'moved'} to another batch:
          </Text>
          <LineTable
            label={tense === 'would' ? 'Lines that would move' : 'Lines moved'}
            testId={tense === 'would' ? 'impact-moves' : 'moved-lines'}
            rows={moves.map((line) => ({ ...line, to: line.to }))}
          />
        </>
      ) : null}
      {outOfStock.length > 0 ? (
        <>
          <Text size="sm">
            {lines(outOfStock.length)} {tense === 'would' ? 'would go' : 'went'} out of stock: no batch has
            room for {outOfStock.length === 1 ? 'it' : 'them'}.
          </Text>
          <LineTable
            label={tense === 'would' ? 'Lines that would go out of stock' : 'Lines out of stock'}
            testId={tense === 'would' ? 'impact-out-of-stock' : 'out-of-stock-lines'}
            rows={outOfStock.map((line) => ({ ...line, to: null }))}
          />
        </>
      ) : null}
    </Stack>
  );
}

function LineTable({
  rows,
  label,
  testId,
}: {
  rows: readonly { orderid: string; sku: string; qty: number; from: string; to: string | null }[];
  label: string;
  testId: string;
}) {
  return (
    // A phone scrolls the table sideways instead of the page; the keyboard can scroll it too.
    <Table.ScrollContainer
      minWidth={360}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={`${label} (scrolls sideways)`}
    >
      <Table striped verticalSpacing={6} fz="sm" aria-label={label} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Order</Table.Th>
            <Table.Th>SKU</Table.Th>
            <Table.Th ta="right">Qty</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>To</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((line) => (
            <Table.Tr key={`${line.orderid}/${line.sku}`}>
              <Table.Td>
                <OrderLink orderid={line.orderid} />
              </Table.Td>
              <Table.Td>
                <SkuLink sku={line.sku} />
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatQty(line.qty)}
              </Table.Td>
              <Table.Td>
                <BatchLink reference={line.from} sku={line.sku} />
              </Table.Td>
              <Table.Td>
                {line.to ? (
                  <Text span size="sm" fw={600}>
                    <BatchLink reference={line.to} sku={line.sku} fw={600} />
                    {line.to === line.from ? (
                      <Text span size="xs" ff="text" fw={400}>
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
    </Table.ScrollContainer>
  );
}
