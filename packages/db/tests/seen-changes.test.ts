// A reader of the change table tells which rows are news when ids commit out of order, and where a
// subscriber can resume without losing one.
import { describe, expect, it } from 'vitest';
import { SeenChanges } from '../src/seen-changes.ts';

const options = { gapMs: 1_000, maxMissing: 100 };

describe('the changes a reader has seen', () => {
  it('takes ids in order as news, once', () => {
    const seen = new SeenChanges(10n, options);
    expect([11n, 12n, 12n, 9n].map((id) => seen.take(id, 0))).toEqual([true, true, false, false]);
    expect(seen.top).toBe(12n);
    expect(seen.gaps).toBe(false);
    expect(seen.resumePoint).toBe(12n);
  });

  it('remembers an id skipped by a later commit, and passes it on when it commits', () => {
    const seen = new SeenChanges(10n, options);
    seen.take(13n, 0);
    expect(seen.missing).toEqual([11n, 12n]);
    // Resuming from the top would lose 11 and 12 if they still commit.
    expect(seen.resumePoint).toBe(10n);
    expect(seen.take(12n, 10)).toBe(true);
    expect(seen.resumePoint).toBe(10n);
    expect(seen.take(11n, 20)).toBe(true);
    expect(seen.resumePoint).toBe(13n);
  });

  it('gives up a hole after gapMs (a rolled-back transaction never commits its id)', () => {
    const seen = new SeenChanges(0n, options);
    seen.take(2n, 0);
    seen.expire(1_000);
    expect(seen.missing).toEqual([1n]);
    seen.expire(1_001);
    expect(seen.missing).toEqual([]);
    expect(seen.resumePoint).toBe(2n);
  });

  it('remembers at most maxMissing holes, giving up the oldest', () => {
    const seen = new SeenChanges(0n, { gapMs: 1_000, maxMissing: 3 });
    seen.take(2n, 0);
    seen.take(6n, 0);
    expect(seen.missing).toEqual([3n, 4n, 5n]);
    seen.take(1_000_000n, 0);
    expect(seen.missing).toEqual([999_997n, 999_998n, 999_999n]);
  });

  it('starts at the highest committed id, missing what is not committed just below it', () => {
    const seen = SeenChanges.from(5n, [6n, 8n, 9n], 0, options);
    expect(seen.top).toBe(9n);
    expect(seen.missing).toEqual([7n]);
  });
});
