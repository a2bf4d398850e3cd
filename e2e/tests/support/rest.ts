import { readFileSync } from 'node:fs';
import type { APIRequestContext, PlaywrightWorkerArgs, TestInfo } from '@playwright/test';
import { API_KEY_FILE } from './accounts';
import { target } from './target';

/**
 * A REST caller as other systems are: a machine with an operator's API key (it allocates), no cookie.
 * The suite's own server gets the key from the API-key command line before it starts
 * (scripts/serve.mjs writes it to .auth/api-key; read when the test runs); against a running
 * instance, E2E_API_KEY gives it. Without one the test is skipped, saying why.
 */
export async function restClient(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string | undefined,
  testInfo: TestInfo,
): Promise<APIRequestContext | undefined> {
  const key = target.managed ? readFileSync(API_KEY_FILE, 'utf8').trim() : process.env.E2E_API_KEY?.trim();
  if (!key) {
    testInfo.skip(true, 'E2E_API_KEY is unset: REST needs an operator API key of the instance under test');
    return undefined;
  }
  return playwright.request.newContext({
    baseURL,
    storageState: undefined,
    extraHTTPHeaders: { authorization: `Bearer ${key}` },
  });
}
