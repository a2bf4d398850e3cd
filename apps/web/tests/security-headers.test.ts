import { describe, expect, it } from 'vitest';
import {
  API_CONTENT_SECURITY_POLICY,
  COMMON_SECURITY_HEADERS,
  newNonce,
  pageContentSecurityPolicy,
} from '../src/lib/security-headers';

/** The policy as a map of directive → sources. */
const directives = (policy: string) =>
  new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );

describe('page Content-Security-Policy', () => {
  const nonce = 'q0vK3bH4mZx9YpA1rT7w2g==';

  it('lets scripts run only with this request’s nonce, and never eval in production', () => {
    const policy = directives(pageContentSecurityPolicy({ nonce }));
    expect(policy.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(pageContentSecurityPolicy({ nonce })).not.toContain('unsafe-eval');
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it('allows eval only in development (React Fast Refresh)', () => {
    const policy = directives(pageContentSecurityPolicy({ nonce, dev: true }));
    expect(policy.get('script-src')).toContain("'unsafe-eval'");
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
  });

  it('forbids framing, foreign form targets and base changes', () => {
    const policy = directives(pageContentSecurityPolicy({ nonce }));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
  });

  it('allows inline styles (Mantine’s style attributes) but no inline scripts without the nonce', () => {
    const policy = directives(pageContentSecurityPolicy({ nonce }));
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('refuses a nonce that could be guessed or break the header', () => {
    expect(() => pageContentSecurityPolicy({ nonce: 'abc' })).toThrow(/nonce/);
    expect(() => pageContentSecurityPolicy({ nonce: `${nonce}'; script-src *` })).toThrow(/nonce/);
  });
});

describe('other security headers', () => {
  it('API responses may load, run and be framed by nothing', () => {
    const policy = directives(API_CONTENT_SECURITY_POLICY);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('every response is nosniff with a referrer policy that keeps paths to the app', () => {
    expect(Object.fromEntries(COMMON_SECURITY_HEADERS.map(({ key, value }) => [key, value]))).toEqual({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
    });
  });

  it('nonces are 16 random bytes in base64, new each time', () => {
    const fixed = newNonce((bytes) => bytes.fill(255));
    expect(fixed).toBe('/////////////////////w==');
    expect(() => pageContentSecurityPolicy({ nonce: newNonce() })).not.toThrow();
    expect(newNonce()).not.toBe(newNonce());
  });
});
