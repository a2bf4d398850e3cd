import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Hydrated } from '../../components/hydrated';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default function SignInPage() {
  // The form reads ?next= from the URL, which needs a Suspense boundary when the page is prerendered.
  return (
    <Suspense>
      <SignInForm />
      <Hydrated />
    </Suspense>
  );
}
