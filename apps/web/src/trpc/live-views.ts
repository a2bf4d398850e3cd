'use client';

import type { liveChange } from '@allocation/contracts';
import { type QueryClient, skipToken, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { useTRPC } from './client';

type LiveChange = z.infer<typeof liveChange>;

/** What the shell's indicator says about the live connection. */
export type LiveStatus = 'connected' | 'reconnecting' | 'offline';

/** Changes heard within this window are applied together (one commit announces a few). */
const GATHER_MS = 100;
/** After the server refused the stream (e.g. it restarted mid-handshake), ask again this much later. */
const RETRY_AFTER_ERROR_MS = 3_000;

/**
 * Whether a query's data may have changed with `change`, by the tRPC query key ([path, { input }]):
 * a sku's stock and an order's lines only for that sku or order; a list when it changed; other
 * views over stock (an overview, a dashboard) whenever any sku's stock did.
 */
export function touches(queryKey: readonly unknown[], change: LiveChange): boolean {
  const [path, meta] = queryKey as [unknown, { input?: Record<string, unknown> } | undefined];
  if (!Array.isArray(path)) return false;
  const [root, leaf] = path as string[];
  const input = meta?.input ?? {};
  const anySku = change.skus === null || change.skus.length > 0;
  const has = (ids: readonly string[] | null, id: unknown) =>
    ids === null || (typeof id === 'string' && ids.includes(id));
  switch (root) {
    case 'stock':
      return leaf === 'forSku' ? has(change.skus, input.sku) : anySku;
    case 'allocation':
      return leaf === 'forOrder' || leaf === 'orderLines' ? has(change.orders, input.orderid) : false;
    case 'batch':
      return change.lists.includes('batches');
    case 'alert':
      return change.lists.includes('alerts');
    case 'notification':
      return change.lists.includes('notifications');
    case 'deadLetter':
      return change.lists.includes('deadLetters');
    case 'activity':
      return change.lists.includes('activity');
    case 'dashboard':
      return anySku || change.lists.includes('alerts');
    default:
      return false;
  }
}

function invalidate(queryClient: QueryClient, changes: readonly LiveChange[]): void {
  void queryClient.invalidateQueries({
    predicate: (query) => changes.some((change) => touches(query.queryKey, change)),
  });
}

/**
 * Keeps every view of the page current: subscribes to the server's live changes (server-sent
 * events) and refetches the queries each change touches, nothing else. Once, in the shell.
 */
export function useLiveViews(enabled: boolean): LiveStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pending = useRef<LiveChange[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const subscription = useSubscription(
    trpc.live.changes.subscriptionOptions(enabled ? undefined : skipToken, {
      onData: (event) => {
        pending.current.push(event.data as LiveChange);
        timer.current ??= setTimeout(() => {
          timer.current = undefined;
          invalidate(queryClient, pending.current.splice(0));
        }, GATHER_MS);
      },
    }),
  );
  const online = useOnline();
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== 'error') return;
    const retry = setTimeout(reset, RETRY_AFTER_ERROR_MS);
    return () => clearTimeout(retry);
  }, [status, reset]);
  // Whatever changed while the stream was down: refetch what is shown once it is back.
  const wasDown = useRef(false);
  useEffect(() => {
    if (status === 'pending' && wasDown.current) void queryClient.invalidateQueries();
    wasDown.current = status === 'error';
  }, [status, queryClient]);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (!online || status === 'idle') return 'offline';
  if (status === 'pending') return 'connected';
  return status === 'error' ? 'offline' : 'reconnecting';
}

function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}
