import { describe, expect, it } from 'vitest';
import { formatDay, formatInstant } from '../src/lib/format';

describe('times and dates as the app shows them', () => {
  it('shows an instant with its time zone', () => {
    expect(formatInstant('2026-12-02T15:51:54Z', 'UTC')).toBe('02 Dec 2026, 15:51:54 UTC');
    expect(formatInstant('2026-12-02T15:51:54Z', 'Europe/Paris')).toBe('02 Dec 2026, 16:51:54 CET');
    expect(formatInstant('2026-12-02T15:51:54Z', 'Pacific/Chatham')).toBe('03 Dec 2026, 05:36:54 GMT+13:45');
  });

  it('names the viewer’s own zone too', () => {
    expect(formatInstant('2026-12-02T15:51:54Z')).toMatch(/^\d{2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} \S+$/);
  });

  it('shows a calendar date as it is, whatever the zone', () => {
    expect(formatDay('2026-12-09')).toBe('09 Dec 2026');
  });
});
