/** How much one request may ask of the service, whatever the transport: beyond these it is refused. */

/** The largest request body (REST and tRPC): every input fits in a fraction of it. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The most calls one tRPC batch may carry (the web app's batch link sends fewer). */
export const MAX_BATCH_CALLS = 20;
