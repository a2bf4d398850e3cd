/** How much one request may ask of the service, whatever the transport: beyond these it is refused. */

/** The largest request body (REST and tRPC): every input fits in a fraction of it. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The most calls one tRPC batch may carry (the web app's batch link sends fewer). */
export const MAX_BATCH_CALLS = 20;

/** A request body, whole, or null (and the stream cancelled) once it passes `limit` bytes. */
export async function readAtMost(
  stream: ReadableStream<Uint8Array>,
  limit: number = MAX_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

/** The largest CSV file an upload may import (about 250,000 order lines): beyond it, the command line. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
