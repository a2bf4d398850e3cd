/**
 * pglite-socket (0.2) serves several connections from one PGlite, which is one PostgreSQL session.
 * Inside a transaction it keeps to one connection's messages, but outside one it takes them one by
 * one from whichever connection sent them. An extended-protocol query is several messages (Parse,
 * Bind, Execute, Sync) that share the session's unnamed statement, so another connection's Parse
 * between them makes this Bind run the other statement with this one's parameters ("invalid input
 * syntax for type timestamp: \"100\""), or puts the other connection's query inside this one's
 * BEGIN ... SET TRANSACTION. This keeps each connection's sequence together up to its Sync (or a
 * simple Query), as the server already does for a transaction. It replaces the queue's one method
 * that picks the next message; remove it when pglite-socket does this itself.
 */
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface QueuedMessage {
  readonly handlerId: number;
  readonly message: Uint8Array;
  readonly timestamp: number;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

/** The parts of pglite-socket's (unexported) query queue this relies on. */
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  readonly db: {
    isInTransaction(): boolean;
    runExclusive<T>(work: () => Promise<T>): Promise<T>;
    execProtocolRawStream(
      message: Uint8Array,
      options: { onRawData(data: Uint8Array): void },
    ): Promise<unknown>;
  };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Message types after which a connection is at a point where another may go: Sync, Query, Terminate. */
const SYNC_POINTS = new Set(['S', 'Q', 'X'].map((type) => type.charCodeAt(0)));

/** True after a message that ends a sequence (or a startup message, which has no type byte: 0). */
const endsSequence = (message: Uint8Array) => message[0] === 0 || SYNC_POINTS.has(message[0] ?? 0);

export function keepProtocolSequencesTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== 'function' || !Array.isArray(queue.queue)) {
    throw new Error('pglite-socket changed: its query queue is not the one embedded-sequences.ts knows');
  }
  let midSequence = false;

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = this.lastHandlerId !== null && (midSequence || this.db.isInTransaction());
        const index = sticky ? this.queue.findIndex((m) => m.handlerId === this.lastHandlerId) : 0;
        // The connection in the middle of a sequence has sent nothing more yet: wait for it.
        if (index === -1) break;
        const [next] = this.queue.splice(index, 1);
        if (!next) break;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data) => {
                bytes += data.length;
                next.onData(data);
              },
            }),
          );
        } catch (error) {
          midSequence = false;
          next.reject(error);
          continue;
        }
        this.lastHandlerId = next.handlerId;
        midSequence = !endsSequence(next.message);
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);

  // A connection that goes away mid-sequence must not hold the others back.
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (queue.lastHandlerId === handlerId && !queue.db.isInTransaction()) {
      midSequence = false;
      void queue.processQueue();
    }
  };
}
