'use client';

import { createUserInput, ROLE_NAMES, resetPasswordInput } from '@allocation/contracts';
import {
  Alert,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  PasswordInput,
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
import { ErrorNotice } from '../../../../components/feedback';
import { FormProblem } from '../../../../components/form-parts';
import { queryErrorMessage, serverProblem } from '../../../../lib/errors';
import { useFormRefusal, useSchemaForm } from '../../../../lib/forms';
import { DATA_TABLE_LOOK } from '../../../../lib/table-look';
import { useTRPC } from '../../../../trpc/client';
import type { RouterOutputs } from '../../../../trpc/types';

type User = RouterOutputs['admin']['users']['list'][number];
type Notice = { readonly ok: boolean; readonly text: string } | null;

const ROLE_OPTIONS = ROLE_NAMES.map((role) => ({ value: role, label: role }));

export function UsersAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.admin.users.list.queryOptions());
  const [notice, setNotice] = useState<Notice>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.admin.users.list.pathFilter());
  const said = (text: string) => () => {
    setNotice({ ok: true, text });
    return refresh();
  };
  const refused = (error: unknown) => setNotice({ ok: false, text: serverProblem(error, []).message ?? '' });

  const changeRole = useMutation(
    trpc.admin.users.changeRole.mutationOptions({
      onMutate: () => setNotice(null),
      onSuccess: (user) =>
        said(`${user.name} is now ${user.role === 'manager' ? 'a' : 'an'} ${user.role}.`)(),
      onError: refused,
    }),
  );
  const setDisabled = useMutation(
    trpc.admin.users.setDisabled.mutationOptions({
      onMutate: () => setNotice(null),
      onSuccess: (user) =>
        said(
          user.disabled
            ? `${user.name} is disabled: signed out everywhere, and cannot sign in until enabled again.`
            : `${user.name} is enabled: they can sign in again.`,
        )(),
      onError: refused,
    }),
  );

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <NewUserForm
          onCreated={(user) => said(`${user.name} (${user.email}) can now sign in as ${user.role}.`)()}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack gap="sm">
          {notice ? (
            <Alert
              color={notice.ok ? 'teal' : 'red'}
              variant="light"
              role={notice.ok ? 'status' : 'alert'}
              data-testid={notice.ok ? 'users-done' : 'users-problem'}
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={() => setNotice(null)}
            >
              {notice.text}
            </Alert>
          ) : null}
          {users.isError ? (
            <ErrorNotice title="Could not load the users">{queryErrorMessage(users.error)}</ErrorNotice>
          ) : null}
          <Paper p={0} style={{ overflow: 'hidden' }}>
            <DataTable
              aria-label="Users"
              data-testid="user-list"
              {...DATA_TABLE_LOOK}
              minHeight={users.data?.length ? undefined : 160}
              records={users.data ?? []}
              fetching={users.isFetching && !users.data}
              noRecordsText="No users"
              columns={[
                {
                  accessor: 'name',
                  title: 'User',
                  render: (user) => (
                    <Stack gap={0}>
                      <Text size="sm" fw={600}>
                        {user.name}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {user.email}
                      </Text>
                      {user.disabled ? (
                        <Badge color="red" variant="light" radius="sm" hiddenFrom="sm" mt={4}>
                          Disabled
                        </Badge>
                      ) : null}
                    </Stack>
                  ),
                },
                {
                  accessor: 'role',
                  title: 'Role',
                  width: 120,
                  render: (user) => (
                    <Select
                      aria-label={`Role of ${user.name}`}
                      size="xs"
                      data={ROLE_OPTIONS}
                      value={user.role}
                      allowDeselect={false}
                      disabled={changeRole.isPending}
                      onChange={(role) => {
                        if (role && role !== user.role) {
                          changeRole.mutate({ userId: user.id, role: role as User['role'] });
                        }
                      }}
                    />
                  ),
                },
                {
                  accessor: 'disabled',
                  title: 'Status',
                  width: 100,
                  visibleMediaQuery: '(min-width: 48em)',
                  render: (user) =>
                    user.disabled ? (
                      <Badge color="red" variant="light" radius="sm">
                        Disabled
                      </Badge>
                    ) : (
                      <Badge color="teal.9" variant="filled" radius="sm">
                        Active
                      </Badge>
                    ),
                },
                {
                  accessor: 'actions',
                  title: <VisuallyHidden>Actions</VisuallyHidden>,
                  textAlign: 'right',
                  render: (user) => (
                    <Group gap={6} justify="flex-end">
                      <Button
                        size="compact-xs"
                        variant="default"
                        onClick={() => setResetting(user)}
                        aria-label={`Reset password of ${user.name}`}
                      >
                        <Box component="span" visibleFrom="sm">
                          Reset password
                        </Box>
                        <Box component="span" hiddenFrom="sm">
                          Password
                        </Box>
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color={user.disabled ? 'teal' : 'red'}
                        loading={setDisabled.isPending && setDisabled.variables?.userId === user.id}
                        onClick={() => setDisabled.mutate({ userId: user.id, disabled: !user.disabled })}
                        aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.name}`}
                      >
                        {user.disabled ? 'Enable' : 'Disable'}
                      </Button>
                    </Group>
                  ),
                },
              ]}
            />
          </Paper>
        </Stack>
      </Grid.Col>
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(user) => {
          setResetting(null);
          said(
            `${user.name}’s password is set; their open sessions ended. Tell them the new one in person.`,
          )();
        }}
      />
    </Grid>
  );
}

type NewUserValues = { name: string; email: string; password: string; role: string };
const NEW_USER_FIELDS = ['name', 'email', 'password', 'role'] as const;

function NewUserForm({ onCreated }: { onCreated: (user: User) => void }) {
  const trpc = useTRPC();
  const form = useSchemaForm({
    name: 'new-user',
    schema: createUserInput,
    initialValues: { name: '', email: '', password: '', role: 'manager' } as NewUserValues,
  });
  const refusal = useFormRefusal(form, NEW_USER_FIELDS);
  const create = useMutation(
    trpc.admin.users.create.mutationOptions({
      onMutate: () => refusal.clear(),
      onSuccess: (user) => {
        form.reset();
        onCreated(user);
      },
      onError: (error) => refusal.refuse(error),
    }),
  );
  return (
    <Paper>
      <Title order={3} size="h5" mb="sm">
        Add a user
      </Title>
      <form noValidate aria-label="Add a user" onSubmit={form.onSubmit((input) => create.mutate(input))}>
        <Stack gap="sm">
          <TextInput label="Name" autoComplete="off" withAsterisk {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="off"
            withAsterisk
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            description="At least 8 characters; tell it to them in person."
            autoComplete="new-password"
            withAsterisk
            {...form.getInputProps('password')}
          />
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            allowDeselect={false}
            withAsterisk
            {...form.getInputProps('role')}
          />
          <FormProblem message={refusal.problem} testId="new-user-problem" />
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ResetPasswordModal({
  user,
  onClose,
  onDone,
}: {
  user: User | null;
  onClose: () => void;
  onDone: (user: User) => void;
}) {
  const trpc = useTRPC();
  const form = useSchemaForm({
    name: 'reset-password',
    schema: resetPasswordInput.pick({ password: true }),
    initialValues: { password: '' },
  });
  const refusal = useFormRefusal(form, ['password']);
  const reset = useMutation(
    trpc.admin.users.resetPassword.mutationOptions({
      onMutate: () => refusal.clear(),
      onSuccess: (done) => {
        form.reset();
        onDone(done);
      },
      onError: (error) => refusal.refuse(error),
    }),
  );
  const close = () => {
    form.reset();
    refusal.clear();
    onClose();
  };
  return (
    <Modal opened={user !== null} onClose={close} title={user ? `Reset the password of ${user.name}` : ''}>
      <form
        noValidate
        aria-label="Reset password"
        onSubmit={form.onSubmit(({ password }) => {
          if (user) reset.mutate({ userId: user.id, password });
        })}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Their open sessions end; they sign in with the new password.
          </Text>
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            withAsterisk
            data-autofocus
            {...form.getInputProps('password')}
          />
          <FormProblem message={refusal.problem} testId="reset-password-problem" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={reset.isPending}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
