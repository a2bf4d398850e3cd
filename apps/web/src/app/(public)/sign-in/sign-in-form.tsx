'use client';

import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ErrorNotice } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';

/** Only paths of this app: never send a signed-in user to another site. */
const sameSitePath = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function SignInForm() {
  const router = useRouter();
  const next = sameSitePath(useSearchParams().get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const response = await fetch('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (response.ok) {
        router.replace(next);
        router.refresh();
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      setProblem(
        response.status === 401
          ? 'That email and password do not match a user.'
          : (body.message ?? `Sign-in failed (${response.status}).`),
      );
    } catch {
      setProblem('The server could not be reached. Try again in a moment.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack maw={420} mx="auto" mt="xl">
      <PageHeader title="Sign in" description="Use the email and password an admin gave you." />
      {problem ? (
        <ErrorNotice title="Not signed in" testId="sign-in-error">
          {problem}
        </ErrorNotice>
      ) : null}
      <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit}>
        <Stack>
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
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </Paper>
      <Text size="sm" c="dimmed">
        First run, no users yet?{' '}
        <Anchor href="/setup" underline="always">
          Create the first admin
        </Anchor>
        .
      </Text>
    </Stack>
  );
}
