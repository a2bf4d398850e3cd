'use client';

import { Alert, Badge, Button, Code, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { ErrorNotice, Instant } from '../../../../components/feedback';
import { FormProblem } from '../../../../components/form-parts';
import { queryErrorMessage, serverProblem } from '../../../../lib/errors';
import { urlPaging } from '../../../../lib/paging';
import { DATA_TABLE_LOOK } from '../../../../lib/table-look';
import { useSearchState } from '../../../../lib/use-search-state';
import { useTRPC } from '../../../../trpc/client';
import type { RouterOutputs } from '../../../../trpc/types';

type Letter = RouterOutputs['deadLetter']['list']['items'][number];

/** What a letter asked for, in the users' words (the channel it came on, for those who know it, on hover). */
const REQUESTS: Record<string, string> = { change_batch_quantity: 'Change a batch’s quantity' };
const requestOf = (channel: string) => REQUESTS[channel] ?? channel;

/** What happened to the last letter acted on: said once, above the table. */
type Notice = { kind: 'done' | 'failed'; letterId: string; text: string };

/**
 * The dead letters, newest first, with where each stands. Admins (`canAct`) get Replay and Discard on
 * open letters; everyone else sees the state only.
 */
export function DeadLetterList({ canAct }: { canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { params, update } = useSearchState();
  const { page, pageSize, pagination } = urlPaging(params, update);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [discarding, setDiscarding] = useState<Letter | null>(null);
  const letters = useQuery({
    ...trpc.deadLetter.list.queryOptions({ page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const refresh = () => queryClient.invalidateQueries(trpc.deadLetter.list.pathFilter());
  const replay = useMutation(
    trpc.deadLetter.replay.mutationOptions({
      onMutate: () => setNotice(null),
      onSuccess: (letter) => {
        setNotice({
          kind: 'done',
          letterId: letter.id,
          text:
            letter.outcome === 'repeated'
              ? `Dead letter ${letter.id} replayed: its message had already taken effect, so nothing changed.`
              : `Dead letter ${letter.id} replayed: its message was handled and took effect.`,
        });
        return refresh();
      },
      onError: (error, input) => {
        setNotice({
          kind: 'failed',
          letterId: input.id,
          text: `Dead letter ${input.id} was not replayed and stays open. ${serverProblem(error, []).message ?? ''}`,
        });
        return refresh();
      },
    }),
  );
  return (
    <>
      {letters.isError ? (
        <ErrorNotice title="Could not load the dead letters">{queryErrorMessage(letters.error)}</ErrorNotice>
      ) : null}
      {notice?.kind === 'done' ? (
        <Alert color="teal" variant="light" role="status" mb="md" data-testid="dead-letter-notice">
          {notice.text}
        </Alert>
      ) : null}
      {notice?.kind === 'failed' ? (
        <ErrorNotice title="Replay failed" testId="dead-letter-notice">
          {notice.text}
        </ErrorNotice>
      ) : null}
      <Paper p={0} style={{ overflow: 'hidden' }}>
        <DataTable
          aria-label="Dead letters"
          data-testid="dead-letter-list"
          minHeight={letters.data?.items.length ? undefined : 200}
          {...DATA_TABLE_LOOK}
          verticalAlign="top"
          records={letters.data?.items ?? []}
          fetching={letters.isFetching && !letters.data}
          noRecordsText="No dead letters: every message was handled"
          columns={[
            {
              accessor: 'receivedAt',
              title: 'Received',
              width: 140,
              render: (l) => (
                <Stack gap={2}>
                  <Instant iso={l.receivedAt} />
                  {/* The request's own column is left out on a phone. */}
                  <Text size="xs" hiddenFrom="sm" title={l.channel}>
                    {requestOf(l.channel)}
                  </Text>
                </Stack>
              ),
            },
            {
              accessor: 'state',
              title: 'State',
              width: 190,
              render: (l) => (
                <Stack gap={6} data-testid={`dead-letter-state-${l.id}`}>
                  <LetterState letter={l} />
                  {canAct && l.state === 'open' ? (
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        loading={replay.isPending && replay.variables?.id === l.id}
                        disabled={replay.isPending && replay.variables?.id !== l.id}
                        onClick={() => replay.mutate({ id: l.id })}
                        aria-label={`Replay dead letter ${l.id}`}
                      >
                        Replay
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="red"
                        onClick={() => {
                          setNotice(null);
                          setDiscarding(l);
                        }}
                        aria-label={`Discard dead letter ${l.id}`}
                      >
                        Discard
                      </Button>
                    </Group>
                  ) : null}
                </Stack>
              ),
            },
            {
              accessor: 'channel',
              title: 'Request',
              width: 190,
              visibleMediaQuery: '(min-width: 48em)',
              render: (l) => (
                <Text size="sm" title={l.channel}>
                  {requestOf(l.channel)}
                </Text>
              ),
            },
            {
              accessor: 'payload',
              title: 'As received',
              render: (l) => (
                // A long message scrolls inside its cell; the keyboard can scroll it too.
                <Code
                  block
                  tabIndex={0}
                  aria-label="The message as received"
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
                <Text size="sm" c="light-dark(var(--mantine-color-red-9), var(--mantine-color-red-3))">
                  {l.error}
                </Text>
              ),
            },
          ]}
          {...pagination(letters.data?.total ?? 0)}
        />
      </Paper>
      <DiscardModal
        letter={discarding}
        onClose={() => setDiscarding(null)}
        onDiscarded={(letter) => {
          setDiscarding(null);
          setNotice({
            kind: 'done',
            letterId: letter.id,
            text: `Dead letter ${letter.id} discarded: it is kept for the record and will not be handled.`,
          });
          return refresh();
        }}
      />
    </>
  );
}

function LetterState({ letter }: { letter: Letter }) {
  if (letter.state === 'open') {
    return (
      <Badge color="blue.9" variant="filled" radius="sm" w="fit-content">
        Open
      </Badge>
    );
  }
  return (
    <Stack gap={2}>
      <Badge
        color={letter.state === 'replayed' ? 'teal.9' : 'gray.7'}
        variant="filled"
        radius="sm"
        w="fit-content"
      >
        {letter.state === 'replayed' ? 'Replayed' : 'Discarded'}
      </Badge>
      <Text size="xs">
        by {letter.closedBy ?? 'unknown'}
        {letter.closedAt ? (
          <>
            {', '}
            <Instant iso={letter.closedAt} />
          </>
        ) : null}
      </Text>
      {letter.state === 'replayed' ? (
        <Text size="xs" c="dimmed">
          {letter.outcome === 'repeated' ? 'Had already taken effect: nothing changed' : 'Took effect'}
        </Text>
      ) : null}
    </Stack>
  );
}

function DiscardModal({
  letter,
  onClose,
  onDiscarded,
}: {
  letter: Letter | null;
  onClose: () => void;
  onDiscarded: (letter: Letter) => unknown;
}) {
  const trpc = useTRPC();
  const [problem, setProblem] = useState<string | null>(null);
  const discard = useMutation(
    trpc.deadLetter.discard.mutationOptions({
      onMutate: () => setProblem(null),
      onSuccess: (discarded) => onDiscarded(discarded),
      onError: (error) => setProblem(serverProblem(error, []).message),
    }),
  );
  const close = () => {
    setProblem(null);
    onClose();
  };
  return (
    <Modal opened={letter !== null} onClose={close} title={letter ? `Discard dead letter ${letter.id}?` : ''}>
      <Stack gap="sm">
        <Text size="sm">
          Its message will not be handled. The letter stays in this list, marked discarded by you, and the
          activity log records it. This cannot be undone.
        </Text>
        <FormProblem message={problem} testId="discard-problem" />
        <Group justify="flex-end">
          <Button variant="default" onClick={close} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            loading={discard.isPending}
            onClick={() => letter && discard.mutate({ id: letter.id })}
          >
            Discard letter
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
