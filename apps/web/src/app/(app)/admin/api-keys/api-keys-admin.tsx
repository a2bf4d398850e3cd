'use client';

import { apiKeyName, calendarDate, ROLE_NAMES, role } from '@allocation/contracts';
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Grid,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { z } from 'zod';
import { ErrorNotice, Instant } from '../../../../components/feedback';
import { FormProblem } from '../../../../components/form-parts';
import { queryErrorMessage, serverProblem } from '../../../../lib/errors';
import { formSchema, useFormRefusal, useSchemaForm } from '../../../../lib/forms';
import { DATA_TABLE_LOOK } from '../../../../lib/table-look';
import { useTRPC } from '../../../../trpc/client';
import type { RouterOutputs } from '../../../../trpc/types';

type ApiKey = RouterOutputs['admin']['apiKeys']['list'][number];
type Created = RouterOutputs['admin']['apiKeys']['create'];

const ROLE_OPTIONS = ROLE_NAMES.map((name) => ({ value: name, label: name }));

/**
 * The form's fields: an expiry day rather than an instant. A key given a day stops working at 00:00
 * UTC that day, as `pnpm api-key:create --expires <day>` does.
 */
const newKeyForm = formSchema(
  z
    .object({ name: apiKeyName, role, expires: calendarDate.nullable() })
    .transform(({ name, role, expires }) => ({
      name,
      role,
      expiresAt: expires ? `${expires}T00:00:00.000Z` : null,
    })),
  { dates: ['expires'] },
);
type NewKeyValues = { name: string; role: string; expires: string };
const NEW_KEY_FIELDS = ['name', 'role', 'expiresAt'] as const;

export function ApiKeysAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.admin.apiKeys.list.queryOptions());
  const [created, setCreated] = useState<Created | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.admin.apiKeys.list.pathFilter());
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <NewKeyForm
          onCreated={(result) => {
            setCreated(result);
            return refresh();
          }}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack gap="sm">
          {created ? <NewKey created={created} onDone={() => setCreated(null)} /> : null}
          {keys.isError ? (
            <ErrorNotice title="Could not load the API keys">{queryErrorMessage(keys.error)}</ErrorNotice>
          ) : null}
          <Paper p={0} style={{ overflow: 'hidden' }}>
            <DataTable
              aria-label="API keys"
              data-testid="api-key-list"
              {...DATA_TABLE_LOOK}
              minHeight={keys.data?.length ? undefined : 160}
              records={keys.data ?? []}
              fetching={keys.isFetching && !keys.data}
              noRecordsText="No API keys yet"
              columns={[
                {
                  accessor: 'name',
                  title: 'Key',
                  render: (key) => (
                    <Stack gap={0}>
                      <Text size="sm" fw={600} ff="monospace" style={{ wordBreak: 'break-all' }}>
                        {key.name}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {key.start}…
                      </Text>
                      <Text size="xs" hiddenFrom="sm">
                        Role: {key.role}
                      </Text>
                    </Stack>
                  ),
                },
                { accessor: 'role', title: 'Role', width: 90, visibleMediaQuery: '(min-width: 48em)' },
                {
                  accessor: 'status',
                  title: 'Status',
                  width: 100,
                  render: (key) => <KeyStatus apiKey={key} />,
                },
                {
                  accessor: 'expiresAt',
                  title: 'Expires',
                  noWrap: true,
                  visibleMediaQuery: '(min-width: 48em)',
                  render: (key) => (key.expiresAt ? <Instant iso={key.expiresAt} /> : 'Never'),
                },
                {
                  accessor: 'createdBy',
                  title: 'Created',
                  visibleMediaQuery: '(min-width: 62em)',
                  render: (key) => (
                    <Stack gap={0}>
                      <Text size="sm">{key.createdBy}</Text>
                      <Text size="xs" c="dimmed">
                        <Instant iso={key.createdAt} />
                      </Text>
                    </Stack>
                  ),
                },
                {
                  accessor: 'lastUsedAt',
                  title: 'Last used',
                  noWrap: true,
                  visibleMediaQuery: '(min-width: 62em)',
                  render: (key) => (key.lastUsedAt ? <Instant iso={key.lastUsedAt} /> : 'Not yet'),
                },
                {
                  accessor: 'actions',
                  title: <VisuallyHidden>Actions</VisuallyHidden>,
                  textAlign: 'right',
                  render: (key) =>
                    key.revokedAt ? null : (
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="red"
                        onClick={() => setRevoking(key)}
                        aria-label={`Revoke ${key.name}`}
                      >
                        Revoke
                      </Button>
                    ),
                },
              ]}
            />
          </Paper>
        </Stack>
      </Grid.Col>
      <RevokeModal
        apiKey={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={() => {
          setRevoking(null);
          return refresh();
        }}
      />
    </Grid>
  );
}

function KeyStatus({ apiKey }: { apiKey: ApiKey }) {
  if (apiKey.revokedAt) {
    return (
      <Badge color="red" variant="light" radius="sm">
        Revoked
      </Badge>
    );
  }
  if (apiKey.expiresAt && Date.parse(apiKey.expiresAt) <= Date.now()) {
    return (
      <Badge color="orange" variant="light" radius="sm">
        Expired
      </Badge>
    );
  }
  return (
    <Badge color="teal.9" variant="filled" radius="sm">
      Active
    </Badge>
  );
}

function NewKeyForm({ onCreated }: { onCreated: (created: Created) => unknown }) {
  const trpc = useTRPC();
  const form = useSchemaForm({
    name: 'new-api-key',
    schema: newKeyForm,
    initialValues: { name: '', role: 'manager', expires: '' } as NewKeyValues,
  });
  const refusal = useFormRefusal(form, NEW_KEY_FIELDS, { expiresAt: 'expires' });
  const create = useMutation(
    trpc.admin.apiKeys.create.mutationOptions({
      onMutate: () => refusal.clear(),
      onSuccess: (result) => {
        form.reset();
        onCreated(result);
      },
      onError: (error) => refusal.refuse(error),
    }),
  );
  return (
    <Paper>
      <Title order={3} size="h5" mb="sm">
        Create an API key
      </Title>
      <form
        noValidate
        aria-label="Create an API key"
        onSubmit={form.onSubmit((input) => create.mutate(input))}
      >
        <Stack gap="sm">
          <TextInput
            label="Name"
            description="Which system uses it, e.g. erp-sync"
            autoComplete="off"
            withAsterisk
            {...form.getInputProps('name')}
          />
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            allowDeselect={false}
            withAsterisk
            {...form.getInputProps('role')}
          />
          <TextInput
            label="Expires on"
            description="Optional: it stops working at 00:00 UTC that day"
            type="date"
            {...form.getInputProps('expires')}
          />
          <FormProblem message={refusal.problem} testId="new-api-key-problem" />
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The new key, this once: it is stored only as a hash. */
function NewKey({ created, onDone }: { created: Created; onDone: () => void }) {
  return (
    <Alert
      color="yellow"
      variant="light"
      role="status"
      title={`API key “${created.info.name}” created: copy it now`}
      data-testid="new-api-key"
    >
      <Stack gap="xs">
        <Text size="sm">
          It is shown only this once. Give it to the system that needs it; nobody can read it later.
        </Text>
        <Code
          block
          data-testid="new-api-key-value"
          style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
        >
          {created.key}
        </Code>
        <Group gap="xs">
          <CopyButton value={created.key}>
            {({ copied, copy }) => (
              <Button size="xs" onClick={copy} color={copied ? 'teal' : undefined}>
                {copied ? 'Copied' : 'Copy key'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" onClick={onDone}>
            Done
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function RevokeModal({
  apiKey,
  onClose,
  onRevoked,
}: {
  apiKey: ApiKey | null;
  onClose: () => void;
  onRevoked: () => unknown;
}) {
  const trpc = useTRPC();
  const [problem, setProblem] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.admin.apiKeys.revoke.mutationOptions({
      onMutate: () => setProblem(null),
      onSuccess: () => onRevoked(),
      onError: (error) => setProblem(serverProblem(error, []).message),
    }),
  );
  return (
    <Modal
      opened={apiKey !== null}
      onClose={() => {
        setProblem(null);
        onClose();
      }}
      title={apiKey ? `Revoke the API key “${apiKey.name}”?` : ''}
    >
      <Stack gap="sm">
        <Text size="sm">
          It stops working at once: the system using it gets 401 on its next call. This cannot be undone; make
          a new key instead.
        </Text>
        <FormProblem message={problem} testId="revoke-problem" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            loading={revoke.isPending}
            onClick={() => apiKey && revoke.mutate({ name: apiKey.name })}
          >
            Revoke key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
