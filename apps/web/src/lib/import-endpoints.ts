/**
 * The CSV upload of the operator area, over the app's CsvImport (the command line's too):
 * POST /api/import/<batches|orders>/check with the file as the body answers the preview and every
 * problem, changing nothing; POST …/apply with the same file checks it again and, only when no row is
 * wrong, applies it, answering a stream of NDJSON lines: `{"type":"progress","done","total"}` as rows
 * go through the bus, then `{"type":"result","report"}`. Operators and up.
 */

import { MAX_IMPORT_BYTES, RequestError, readAtMost } from '@allocation/contracts';
import { type CheckedImport, IMPORT_KINDS, type ImportKind, type ImportReport } from '@allocation/csv-import';
import { actorOrigin } from '@allocation/domain';
import { sessionEndpoint } from './session-endpoint';

/** Rows the check shows before applying. */
export const PREVIEW_ROWS = 10;
/** Progress lines at most this often (and at the end). */
const PROGRESS_EVERY_MS = 100;

export interface ImportCheckBody {
  readonly kind: ImportKind;
  readonly file: string;
  /** Rows that passed every check (all of them when there is no problem). */
  readonly rows: number;
  readonly preview: readonly { readonly line: number; readonly value: Record<string, unknown> }[];
  readonly problems: CheckedImport['problems'];
}

export type ImportApplyLine =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'result'; readonly report: ImportReport }
  | { readonly type: 'failed'; readonly message: string };

export const checkImportFile = sessionEndpoint<{ kind: string }>(
  'operator',
  async (request, { app, params }) => {
    const kind = kindOf(params.kind);
    const { file, bytes } = await uploaded(request);
    const checked = await app.csvImport.check(kind, bytes, file);
    const body: ImportCheckBody = {
      kind,
      file,
      rows: checked.rows.length,
      preview: checked.rows.slice(0, PREVIEW_ROWS).map(({ line, value }) => ({ line, value: { ...value } })),
      problems: checked.problems,
    };
    return Response.json(body);
  },
);

export const applyImportFile = sessionEndpoint<{ kind: string }>(
  'operator',
  async (request, { app, actor, requestId, params }) => {
    const kind = kindOf(params.kind);
    const { file, bytes } = await uploaded(request);
    const checked = await app.csvImport.check(kind, bytes, file);
    if (checked.problems.length > 0) {
      return Response.json(
        {
          message: `Nothing was imported: ${checked.problems.length} problem(s) in ${file}`,
          problems: checked.problems,
        },
        { status: 422 },
      );
    }
    const origin = actorOrigin(actor, requestId);
    const encoder = new TextEncoder();
    // The import goes on if the browser leaves: every row is idempotent, and stopping halfway helps nobody.
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        let open = true;
        const send = (line: ImportApplyLine) => {
          if (!open) return;
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          } catch {
            open = false;
          }
        };
        let last = 0;
        send({ type: 'progress', done: 0, total: checked.rows.length });
        try {
          const report = await app.csvImport.apply(checked, {
            origin,
            onProgress: (done, total) => {
              const now = Date.now();
              if (done === total || now - last >= PROGRESS_EVERY_MS) {
                last = now;
                send({ type: 'progress', done, total });
              }
            },
          });
          send({ type: 'result', report });
        } catch (error) {
          app.logger.error('A CSV import failed while applying', { requestId, error: String(error) });
          send({
            type: 'failed',
            message: `The import stopped (request id ${requestId}); importing the file again finishes it.`,
          });
        }
        if (open) controller.close();
      },
      cancel() {},
    });
    return new Response(stream, {
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' },
    });
  },
);

function kindOf(name: string): ImportKind {
  if ((IMPORT_KINDS as readonly string[]).includes(name)) return name as ImportKind;
  throw new RequestError(
    'not_found',
    `Nothing called "${name}" can be imported; these can: ${IMPORT_KINDS.join(', ')}`,
  );
}

const MIB = MAX_IMPORT_BYTES / 1024 / 1024;

/** The file is the body; its name comes in `x-file-name` (what problems and the report call it). */
async function uploaded(request: Request): Promise<{ file: string; bytes: Uint8Array }> {
  const tooLarge = new RequestError(
    'request.too_large',
    `The file is larger than ${MIB} MiB; split it, or import it with \`pnpm allocation import\``,
  );
  if (Number(request.headers.get('content-length') ?? 0) > MAX_IMPORT_BYTES) throw tooLarge;
  const bytes = request.body ? await readAtMost(request.body, MAX_IMPORT_BYTES) : new Uint8Array();
  if (bytes === null) throw tooLarge;
  let named = request.headers.get('x-file-name') ?? '';
  try {
    named = decodeURIComponent(named).trim();
  } catch {
    // Not percent-encoding: shown as sent.
  }
  // Control characters and paths are dropped: the name is only shown back.
  const file =
    [...named]
      .filter((char) => char >= ' ' && char !== '\u007f' && char !== '/' && char !== '\\')
      .join('')
      .slice(0, 200) || 'upload.csv';
  return { file, bytes };
}
