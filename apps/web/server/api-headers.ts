/**
 * The headers next.config.ts gives every /api response, for the responses the custom server sends
 * itself (a test holds the two lists equal).
 */
import {
  API_CONTENT_SECURITY_POLICY,
  COMMON_SECURITY_HEADERS,
  type Header,
} from '../src/lib/security-headers.ts';

export const API_RESPONSE_HEADERS: readonly Header[] = [
  ...COMMON_SECURITY_HEADERS,
  { key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY },
];
