'use client';

import { Badge, Code, Paper, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { ErrorNotice, Instant } from '../../../../components/feedback';
import { queryErrorMessage } from '../../../../lib/errors';
import { urlPaging } from '../../../../lib/paging';
import { TABLE_LOOK } from '../../../../lib/table-look';
import { useSearchState } from '../../../../lib/use-search-state';
import { useTRPC } from '../../../../trpc/client';

export function DeadLetterList() {
  const trpc = useTRPC();
  const { params, update } = useSearchState();
  const { page, pageSize, pagination } = urlPaging(params, update);
  const letters = useQuery({
    ...trpc.deadLetter.list.queryOptions({ page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  return (
    <>
      {letters.isError ? (
        <ErrorNotice title="Could not load the dead letters">{queryErrorMessage(letters.error)}</ErrorNotice>
      ) : null}
      <Paper p={0} style={{ overflow: 'hidden' }}>
        <DataTable
          aria-label="Dead letters"
          data-testid="dead-letter-list"
          minHeight={letters.data?.items.length ? undefined : 200}
          {...TABLE_LOOK}
          verticalAlign="top"
          records={letters.data?.items ?? []}
          fetching={letters.isFetching && !letters.data}
          noRecordsText="No dead letters: every message was handled"
          columns={[
            {
              accessor: 'receivedAt',
              noWrap: true,
              title: 'Received',
              width: 200,
              render: (l) => <Instant iso={l.receivedAt} />,
            },
            {
              accessor: 'channel',
              title: 'Channel',
              width: 190,
              render: (l) => (
                <Badge variant="light" color="gray" radius="sm" tt="none" ff="monospace">
                  {l.channel}
                </Badge>
              ),
            },
            {
              accessor: 'payload',
              title: 'Message as received',
              render: (l) => (
                <Code
                  block
                  style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 120, overflow: 'auto' }}
                >
                  {l.payload}
                </Code>
              ),
            },
            {
              accessor: 'error',
              title: 'Why it was kept aside',
              render: (l) => (
                <Text size="sm" c="red.8">
                  {l.error}
                </Text>
              ),
            },
          ]}
          {...pagination(letters.data?.total ?? 0)}
        />
      </Paper>
    </>
  );
}
