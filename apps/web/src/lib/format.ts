const dateTimeParts = {
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
} as const;
const dateTime = new Intl.DateTimeFormat('en-GB', dateTimeParts);
const dateTimeUtc = new Intl.DateTimeFormat('en-GB', { ...dateTimeParts, timeZone: 'UTC' });

const day = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** An instant, in the viewer's time zone. */
export function formatInstant(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** An instant in UTC, said so: what a server, which does not know the viewer's zone, can show. */
export function formatInstantUtc(iso: string): string {
  return `${dateTimeUtc.format(new Date(iso))} UTC`;
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
