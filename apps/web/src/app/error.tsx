'use client';

import { useEffect } from 'react';
import { ProblemPage, referenceOf } from '../components/problem-page';

/** A page that failed while rendering: the navigation stays, the page says so and offers a retry. */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <ProblemPage
      kicker="Something went wrong"
      title="This page could not be shown"
      reference={referenceOf(error)}
      onRetry={retry}
    >
      Try again; if it keeps happening, give the reference below to whoever runs the service, so they can find
      what happened in its log.
    </ProblemPage>
  );
}
