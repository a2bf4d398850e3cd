import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DownloadCsvButton } from '../../../../components/download-csv-button';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { pagingFromParams } from '../../../../lib/paging';
import { accessOf, requireActor } from '../../../../lib/session';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { DeadLetterList } from './dead-letter-list';

export const metadata: Metadata = { title: 'Dead letters' };

export default async function DeadLettersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  await prefetch(trpc.deadLetter.list.queryOptions(pagingFromParams(await urlParams(searchParams))));
  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Requests from other systems (such as a change to a batch’s quantity) that could not be carried out, kept exactly as they arrived, with the reason. Newest first. An admin can try one again (a request that already took effect changes nothing a second time) or discard it; either way it stays here for the record."
        actions={<DownloadCsvButton list="dead-letters" />}
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          {/* The buttons only for admins; the server refuses everyone else anyway. */}
          <DeadLetterList canAct={accessOf(actor.role).administer} />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
