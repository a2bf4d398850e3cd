import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../components/feedback';
import { PageHeader } from '../../../components/page-header';
import { NotificationList } from './notification-list';

export const metadata: Metadata = { title: 'Notifications' };

export default function NotificationsPage() {
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Messages to the stock team, recorded here because no SMTP server is configured. Newest first."
      />
      <Suspense fallback={<Loading label="Loading…" />}>
        <NotificationList />
      </Suspense>
    </>
  );
}
