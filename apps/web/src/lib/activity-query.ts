import { type ActivityInput, activityInput } from '@allocation/contracts';
import { pagingFromParams } from './paging';

/** The Activity view's filters as the URL keeps them (`from`/`to`: ISO instants, any zone). */
export const ACTIVITY_PARAMS = {
  actor: 'actor',
  command: 'command',
  sku: 'sku',
  orderid: 'order',
  batchref: 'batch',
  from: 'from',
  to: 'to',
} as const;

export type ActivityFilterKey = keyof typeof ACTIVITY_PARAMS;

/** What the activity list asks for, from its URL: the same on the server (prefetch) and in the browser. */
export function activityQuery(params: { get(name: string): string | null }): ActivityInput {
  const query: Record<string, string> = {};
  for (const [key, name] of Object.entries(ACTIVITY_PARAMS)) {
    const value = params.get(name)?.trim() ?? '';
    if (value !== '') query[key] = value;
  }
  return { ...query, ...pagingFromParams(params, 25) } as ActivityInput;
}

/** Whether the view may be asked this query (a hand-edited URL may break the rules; then nothing is asked). */
export const isValidActivityQuery = (query: ActivityInput) => activityInput.safeParse(query).success;

/** A link to the activity of one order or one batch (what the order and batch pages link to). */
export function activityHref(filter: Partial<Record<ActivityFilterKey, string>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value) params.set(ACTIVITY_PARAMS[key as ActivityFilterKey], value);
  }
  const search = params.toString();
  return search ? `/manager/activity?${search}` : '/manager/activity';
}

/** An ISO instant as a `datetime-local` input shows it, in the browser's zone (minutes). */
export function localInputValue(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` input's value (the browser's zone) as an ISO instant; `to` takes the whole minute. */
export function instantOf(local: string, end: 'start' | 'end'): string | undefined {
  if (local.trim() === '') return undefined;
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return undefined;
  if (end === 'end' && date.getSeconds() === 0) date.setSeconds(59, 999);
  return date.toISOString();
}
