import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { Hydrated } from '../../../components/hydrated';
import { currentActor } from '../../../lib/session';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage() {
  // Signed in already: nothing to do here.
  if (await currentActor()) redirect('/');
  // The form reads ?next= from the URL, which needs a Suspense boundary.
  return (
    <Suspense>
      <SignInForm />
      <Hydrated />
    </Suspense>
  );
}
