'use client';

import { Button, Paper, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ErrorNotice } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { createFirstAdmin } from './actions';

export function SetupForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await createFirstAdmin({ name, email, password });
      if (!result.ok) {
        setProblem(result.message);
        return;
      }
      // Signed in straight away as the new admin.
      const signIn = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      router.replace(signIn.ok ? '/' : '/sign-in');
      router.refresh();
    } catch {
      setProblem('The server could not be reached. Try again in a moment.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack maw={480} mx="auto" mt="xl">
      <PageHeader
        title="First-run setup"
        description="No one has an account yet. Create the first admin; admins then create everyone else."
      />
      {problem ? (
        <ErrorNotice title="The admin was not created" testId="setup-error">
          {problem}
        </ErrorNotice>
      ) : null}
      <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit}>
        <Stack>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            description="At least 8 characters"
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            Create the admin and sign in
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
