/**
 * GET /api/export/<list>?<the list page's search params>: the whole list, with the page's filter and
 * sort, as a CSV download streamed from the database (see @allocation/csv-export). Managers and up.
 */
import { Readable } from 'node:stream';
import { RequestError } from '@allocation/contracts';
import { csvStream, type ExportedList, LIST_CSV, type ListCsv } from '@allocation/csv-export';
import { isExportedList, LIST_DOWNLOADS } from './list-downloads';
import { sessionEndpoint } from './session-endpoint';

export const exportList = sessionEndpoint<{ list: string }>('manager', async (request, { app, params }) => {
  const list = params.list;
  if (!isExportedList(list)) {
    throw new RequestError(
      'not_found',
      `No list called "${list}" can be downloaded; these can: ${Object.keys(LIST_CSV).join(', ')}`,
    );
  }
  const filter = LIST_DOWNLOADS[list](new URL(request.url).searchParams);
  const csv = LIST_CSV[list] as ListCsv<typeof filter, unknown>;
  const rows = csv.rows(app.exports, filter)[Symbol.asyncIterator]();
  // The first row is read before answering: a database that is down is a 503, not a cut download.
  const first = await rows.next();
  const stream = csvStream(resumed(first, rows), csv.columns);
  const day = app.clock.now().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(list, day)}"`,
      'cache-control': 'no-store',
    },
  });
});

export const fileName = (list: ExportedList, day: string) => `${list}-${day}.csv`;

/** The rows again from the first, already read. */
async function* resumed<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncIterable<T> {
  if (first.done) return;
  yield first.value;
  try {
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
