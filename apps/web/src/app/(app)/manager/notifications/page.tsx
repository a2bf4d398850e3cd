import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DownloadCsvButton } from '../../../../components/download-csv-button';
import { Loading } from '../../../../components/feedback';
import { Hydrated } from '../../../../components/hydrated';
import { PageHeader } from '../../../../components/page-header';
import { pagingFromParams } from '../../../../lib/paging';
import { type SearchParams, urlParams } from '../../../../lib/url-params';
import { HydrateClient, prefetch, trpc } from '../../../../trpc/server';
import { NotificationList } from './notification-list';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage({ searchParams }: { searchParams: SearchParams }) {
  await prefetch(trpc.notification.list.queryOptions(pagingFromParams(await urlParams(searchParams))));
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Emails to the stock team about out-of-stock orders, and how each one fared: sent when the service has a mail server, otherwise only recorded here. Newest first."
        actions={<DownloadCsvButton list="notifications" />}
      />
      <HydrateClient>
        <Suspense fallback={<Loading label="Loading…" />}>
          <NotificationList />
          <Hydrated />
        </Suspense>
      </HydrateClient>
    </>
  );
}
