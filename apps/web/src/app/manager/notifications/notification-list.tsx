'use client';

import { Paper, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { ErrorNotice } from '../../../components/feedback';
import { queryErrorMessage } from '../../../lib/errors';
import { formatInstant } from '../../../lib/format';
import { LOG_PAGE_SIZES, pagingFromParams } from '../../../lib/paging';
import { useSearchState } from '../../../lib/use-search-state';
import { useTRPC } from '../../../trpc/client';

export function NotificationList() {
  const trpc = useTRPC();
  const { params, update } = useSearchState();
  const { page, pageSize } = pagingFromParams(params);
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
          aria-label="Recorded notifications"
          data-testid="notification-list"
          minHeight={notifications.data?.items.length ? undefined : 200}
          striped
          highlightOnHover
          verticalSpacing={6}
          fz="sm"
          records={notifications.data?.items ?? []}
          fetching={notifications.isFetching && !notifications.data}
          noRecordsText="No notifications recorded"
          columns={[
            {
              accessor: 'sentAt',
              title: 'When',
              noWrap: true,
              width: 200,
              render: (n) => formatInstant(n.sentAt),
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
            { accessor: 'message', title: 'Message' },
          ]}
          totalRecords={notifications.data?.total ?? 0}
          recordsPerPage={pageSize}
          page={page}
          onPageChange={(next) => update({ page: next === 1 ? undefined : next })}
          recordsPerPageOptions={[...LOG_PAGE_SIZES]}
          onRecordsPerPageChange={(size) => update({ size, page: undefined })}
          recordsPerPageLabel="Rows per page"
          paginationText={({ from, to, totalRecords }) => `${from}–${to} of ${totalRecords}`}
        />
      </Paper>
    </>
  );
}
