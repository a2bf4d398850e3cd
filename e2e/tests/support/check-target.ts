import { target } from './target';

/** Against E2E_BASE_URL: one clear message when the instance does not answer, not a failure per test. */
export default async function checkTarget(): Promise<void> {
  // The OpenAPI document needs neither a database nor a caller's identity: it answers if the app does.
  const url = `${target.baseURL}/api/openapi.json`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new Error(
      `E2E_BASE_URL=${target.baseURL} does not answer (${url}: ${error instanceof Error ? error.message : String(error)}). Start the app or fix the URL.`,
    );
  }
  if (!response.ok) {
    throw new Error(
      `E2E_BASE_URL=${target.baseURL} does not serve the allocation app: GET /api/openapi.json → ${response.status} ${await response.text()}`,
    );
  }
}
