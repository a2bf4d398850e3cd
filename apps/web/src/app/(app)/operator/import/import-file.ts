/** The browser side of the upload: the check, the apply with its progress, the result as CSV. */
import { MAX_IMPORT_BYTES } from '@allocation/contracts';
import { spreadsheetCell } from '@allocation/csv-export/cells';
import { describeOutcome } from '@allocation/csv-import/report';
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { ImportApplyLine, ImportCheckBody } from '../../../../lib/import-endpoints';

export type ImportKind = ImportCheckBody['kind'];
export type ImportReport = Extract<ImportApplyLine, { type: 'result' }>['report'];
export type Problem = ImportCheckBody['problems'][number];

export const COLUMNS: Record<ImportKind, string> = { batches: 'ref,sku,qty,eta', orders: 'orderid,sku,qty' };

/** Refused before anything is sent: the server would refuse it too. */
export function tooLarge(file: File): string | null {
  const mib = MAX_IMPORT_BYTES / 1024 / 1024;
  return file.size > MAX_IMPORT_BYTES
    ? `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB; an upload may be at most ${mib} MiB. Split it, or import it with \`pnpm allocation import\`.`
    : null;
}

async function post(kind: ImportKind, step: 'check' | 'apply', file: File): Promise<Response> {
  return fetch(`/api/import/${kind}/${step}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(file.name) },
    body: file,
  });
}

async function failure(response: Response): Promise<Error & { problems?: Problem[] }> {
  const body = (await response.json().catch(() => ({}))) as { message?: string; problems?: Problem[] };
  return Object.assign(new Error(body.message ?? `The server answered ${response.status}`), {
    ...(body.problems ? { problems: body.problems } : {}),
  });
}

export async function checkFile(kind: ImportKind, file: File): Promise<ImportCheckBody> {
  const response = await post(kind, 'check', file);
  if (!response.ok) throw await failure(response);
  return (await response.json()) as ImportCheckBody;
}

/** Applies, calling `onProgress` as the server reports rows done; resolves with the report. */
export async function applyFile(
  kind: ImportKind,
  file: File,
  onProgress: (done: number, total: number) => void,
): Promise<ImportReport> {
  const response = await post(kind, 'apply', file);
  if (!response.ok || !response.body) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += value;
    let end = buffered.indexOf('\n');
    while (end >= 0) {
      const line = JSON.parse(buffered.slice(0, end)) as ImportApplyLine;
      buffered = buffered.slice(end + 1);
      if (line.type === 'progress') onProgress(line.done, line.total);
      else if (line.type === 'result') return line.report;
      else throw new Error(line.message);
      end = buffered.indexOf('\n');
    }
  }
  throw new Error('The connection closed before the import finished; importing the file again finishes it.');
}

/** "line 4, column 3 (qty)" */
export const whereOf = ({ line, column }: Problem) =>
  [
    line !== undefined ? `line ${line}` : 'the file',
    column ? `column ${column.number}${column.name ? ` (${column.name})` : ''}` : '',
  ]
    .filter(Boolean)
    .join(', ');

/** The result table as a CSV file (the same cells as the exports: formulas neutralised). */
export function resultCsv(report: ImportReport): Blob {
  const records = [
    ['line', 'row', 'status', 'batchref', 'outcome'],
    ...report.results.map(({ line, key, outcome }) =>
      [
        line,
        key,
        outcome.status,
        'batchref' in outcome ? outcome.batchref : null,
        describeOutcome(outcome),
      ].map(spreadsheetCell),
    ),
  ];
  return new Blob([`\uFEFF${stringify(records, { record_delimiter: 'windows' })}`], { type: 'text/csv' });
}
