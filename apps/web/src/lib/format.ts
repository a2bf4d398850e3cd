const dateTimeParts = {
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
} as const;
const dateTimes = new Map<string, Intl.DateTimeFormat>();

const day = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * An instant, always with its time zone ("02 Dec 2026, 15:51:54 CET"): in the viewer's own zone, or in
 * `timeZone` (a server, which does not know the viewer's zone, shows UTC and says so). Every time the
 * app shows goes through here (components/feedback.tsx `<Instant>`).
 */
export function formatInstant(iso: string, timeZone?: string): string {
  const key = timeZone ?? '';
  let format = dateTimes.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', timeZone ? { ...dateTimeParts, timeZone } : dateTimeParts);
    dateTimes.set(key, format);
  }
  return format.format(new Date(iso));
}

/** A calendar date ("YYYY-MM-DD"): no time zone may shift it. */
export function formatDay(date: string): string {
  return day.format(new Date(`${date}T00:00:00Z`));
}

export const formatQty = (qty: number) => qty.toLocaleString('en-GB');

const hourBucket = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});
const dayBucket = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', timeZone: 'UTC' });

/** A chart bucket's start (UTC, as the service buckets): "02 Dec, 14:00" by the hour, "02 Dec" by the day. */
export function formatBucket(iso: string, bucket: 'hour' | 'day'): string {
  return (bucket === 'hour' ? hourBucket : dayBucket).format(new Date(iso));
}
