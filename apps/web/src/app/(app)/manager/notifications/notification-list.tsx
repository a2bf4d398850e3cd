'use client';

import { Paper, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { ErrorNotice, Instant } from '../../../../components/feedback';
import { KeepIds } from '../../../../components/id';
import { queryErrorMessage } from '../../../../lib/errors';
import { urlPaging } from '../../../../lib/paging';
import { DATA_TABLE_LOOK } from '../../../../lib/table-look';
import { useSearchState } from '../../../../lib/use-search-state';
import { useTRPC } from '../../../../trpc/client';
import { NotificationState } from './notification-state';

export function NotificationList() {
  const trpc = useTRPC();
  const { params, update } = useSearchState();
  const { page, pageSize, pagination } = urlPaging(params, update);
  const notifications = useQuery({
    ...trpc.notification.list.queryOptions({ page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  return (
    <>
      {notifications.isError ? (
        <ErrorNotice title="Could not load the notifications">
          {queryErrorMessage(notifications.error)}
        </ErrorNotice>
      ) : null}
      <Paper p={0} style={{ overflow: 'hidden' }}>
        <DataTable
          aria-label="Notifications to the stock team"
          data-testid="notification-list"
          minHeight={notifications.data?.items.length ? undefined : 200}
          {...DATA_TABLE_LOOK}
          records={notifications.data?.items ?? []}
          fetching={notifications.isFetching && !notifications.data}
          noRecordsText="No notifications yet"
          columns={[
            {
              accessor: 'createdAt',
              title: 'When',
              noWrap: true,
              render: (n) => <Instant iso={n.createdAt} />,
            },
            {
              accessor: 'destination',
              title: 'To',
              width: 220,
              render: (n) => (
                <Text span size="sm" ff="monospace">
                  {n.destination}
                </Text>
              ),
            },
            {
              accessor: 'message',
              title: 'Message',
              render: (n) => (
                <Text span size="sm" style={{ whiteSpace: 'pre-line' }}>
                  <KeepIds text={n.message} />
                </Text>
              ),
            },
            {
              accessor: 'state',
              title: 'Delivery',
              width: 240,
              render: (n) => <NotificationState n={n} />,
            },
          ]}
          {...pagination(notifications.data?.total ?? 0)}
        />
      </Paper>
    </>
  );
}
