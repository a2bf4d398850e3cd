import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DownloadCsvButton } from '../../../../components/download-csv-button';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { activityQuery, isValidActivityQuery } from '../../../../lib/activity-query';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { ActivityList } from './activity-list';

export const metadata: Metadata = { title: 'Activity' };

export default async function ActivityPage({ searchParams }: { searchParams: SearchParams }) {
  const query = activityQuery(await urlParams(searchParams));
  // A URL whose filters break the rules asks nothing; the list shows why beside the fields.
  await prefetch(...(isValidActivityQuery(query) ? [trpc.activity.list.queryOptions(query)] : []));
  return (
    <>
      <PageHeader
        title="Activity"
        description="Who did what and when: every command, what came of it, and every refusal. Newest first."
        actions={<DownloadCsvButton list="activity" />}
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <ActivityList />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
