import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { DeadLetterList } from './dead-letter-list';

export const metadata: Metadata = { title: 'Dead letters' };

export default function DeadLettersPage() {
  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Messages from other systems (over Redis) that could not be handled, kept aside exactly as received, with why. Newest first."
      />
      <Suspense fallback={<Loading label="Loading…" />}>
        <DeadLetterList />
      </Suspense>
    </>
  );
}
