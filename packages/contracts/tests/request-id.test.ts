import { describe, expect, it } from 'vitest';
import { isValidRequestId, MAX_REQUEST_ID_LENGTH, requestIdFrom } from '../src/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the request id rule', () => {
  it("keeps the caller's id when it is printable and not too long", () => {
    expect(requestIdFrom('abc-123')).toBe('abc-123');
    expect(requestIdFrom('trace:4bf92f35/00f067aa.01')).toBe('trace:4bf92f35/00f067aa.01');
    expect(requestIdFrom('x'.repeat(MAX_REQUEST_ID_LENGTH))).toBe('x'.repeat(MAX_REQUEST_ID_LENGTH));
  });

  it('ignores blanks around it', () => {
    expect(requestIdFrom('  abc-123 ')).toBe('abc-123');
  });

  it.each([
    ['none', null],
    ['absent', undefined],
    ['blank', '   '],
    ['with spaces', 'bad id with spaces'],
    ['too long', 'x'.repeat(MAX_REQUEST_ID_LENGTH + 1)],
    ['a line break (a forged log line)', 'abc\nlevel=error'],
    ['a control character', 'abc\u0000'],
    ['non-ASCII', 'commande-é'],
  ])('replaces an id that is %s with a fresh UUID', (_case, given) => {
    const id = requestIdFrom(given);
    expect(id).toMatch(UUID);
    expect(isValidRequestId(id)).toBe(true);
  });

  it('makes a different id for each request', () => {
    expect(requestIdFrom(null)).not.toBe(requestIdFrom(null));
  });
});
