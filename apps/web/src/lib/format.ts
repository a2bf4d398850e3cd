const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

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

/** A calendar date ("YYYY-MM-DD"): no time zone may shift it. */
export function formatDay(date: string): string {
  return day.format(new Date(`${date}T00:00:00Z`));
}

export const formatQty = (qty: number) => qty.toLocaleString('en-GB');
