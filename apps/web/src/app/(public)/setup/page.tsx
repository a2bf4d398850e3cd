import { getApp } from '@allocation/composition-root';
import { Anchor, Stack, Text } from '@mantine/core';
import type { Metadata } from 'next';
import { Hydrated } from '../../../components/hydrated';
import { PageHeader } from '../../../components/page-header';
import { SetupForm } from './setup-form';

export const metadata: Metadata = { title: 'First-run setup' };
export const dynamic = 'force-dynamic';

/** One-time: open only while no user exists. */
export default async function SetupPage() {
  const identity = await (await getApp()).identity();
  if (await identity.hasUsers()) {
    return (
      <Stack maw={480} mx="auto" mt="xl" data-testid="setup-done">
        <PageHeader title="Setup is done" description="The first admin exists already." />
        <Text>
          <Anchor href="/sign-in" underline="always">
            Sign in
          </Anchor>
          , or ask an admin for an account.
        </Text>
        <Hydrated />
      </Stack>
    );
  }
  return (
    <>
      <SetupForm />
      <Hydrated />
    </>
  );
}
