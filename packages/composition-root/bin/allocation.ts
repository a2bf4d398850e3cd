/**
 * `pnpm --silent allocation import batches <file.csv>` (ref,sku,qty,eta) and
 * `pnpm --silent allocation import orders <file.csv>` (orderid,sku,qty), against DATABASE_URL or
 * the embedded folder (while the app is stopped). Every row is checked first; any problem: each
 * one on stderr by line and column, nothing applied, exit 1. Otherwise every row goes through the
 * bus: one result per row on stdout, then a summary. Importing the same file again changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPORT_KINDS, type ImportKind, type ImportReport, type RowOutcome } from '@allocation/csv-import';
import { describeProblem } from '@allocation/csv-store';
import { serviceOrigin } from '@allocation/domain';
import { userPath } from '../src/cli.ts';
import { progressBar } from '../src/progress-bar.ts';

const USAGE = `Usage: pnpm --silent allocation import <${IMPORT_KINDS.join('|')}> <file.csv>`;
const root = fileURLToPath(new URL('../../..', import.meta.url));

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

const [command, kind, file, ...extra] = process.argv.slice(2);
if (command !== 'import' || !IMPORT_KINDS.includes(kind as ImportKind) || !file || extra.length > 0)
  fail(USAGE);
const path = userPath(file as string);
await access(path).catch(() => fail(`${file}: file not found`));

// Loaded only once the arguments are right: the database adapters take a while to load.
const { createApp } = await import('../src/create-app.ts');
const { DataDirInUse } = await import('@allocation/db');

const app = await createApp({
  env: {
    ...process.env,
    DATA_DIR: process.env.DATA_DIR ?? join(root, '.data'),
    // stdout is the import's result: only warnings and errors from the app.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
}).catch((error: unknown) =>
  fail(
    error instanceof DataDirInUse
      ? `${error.message}\nStop the app first, or set DATABASE_URL.`
      : `Cannot open the database: ${error instanceof Error ? error.message : String(error)}`,
  ),
);

let failed = false;
try {
  const bar = progressBar(process.stderr, `Importing ${kind}`);
  const outcome = await app.csvImport.run(
    kind as ImportKind,
    createReadStream(path),
    file as string,
    // One request id for the whole run, so the Activity view shows which rows came in together.
    { origin: serviceOrigin('cli:allocation import', randomUUID()), onProgress: bar.update },
  );
  bar.end();
  if (outcome.refused) {
    process.stderr.write(`Refused ${file}: nothing was applied.\n`);
    for (const problem of outcome.problems) process.stderr.write(`${describeProblem(problem)}\n`);
    failed = true;
  } else {
    for (const { line, key, outcome: row } of outcome.report.results) {
      process.stdout.write(`line ${line}  ${key}: ${describeOutcome(row)}\n`);
    }
    process.stdout.write(`${summary(outcome.report)}\n`);
    failed = outcome.report.counts.failed > 0;
  }
} finally {
  await app.close();
}
process.exit(failed ? 1 : 0);

function describeOutcome(outcome: RowOutcome): string {
  switch (outcome.status) {
    case 'created':
      return 'created';
    case 'unchanged':
      return 'unchanged (already there)';
    case 'allocated':
      return `allocated to ${outcome.batchref}`;
    case 'already_allocated':
      return `unchanged (already allocated to ${outcome.batchref})`;
    case 'out_of_stock':
      return 'out of stock';
    case 'failed':
      return `failed: ${outcome.message}`;
  }
}

function summary({ kind, results, counts, changed }: ImportReport): string {
  const parts =
    kind === 'batches'
      ? [`${counts.created} created`, `${counts.unchanged} unchanged`]
      : [
          `${counts.allocated} allocated`,
          `${counts.already_allocated} already allocated`,
          `${counts.out_of_stock} out of stock`,
        ];
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  const total = `${results.length} ${results.length === 1 ? 'row' : 'rows'}: ${parts.join(', ')}.`;
  if (changed) return total;
  return `${total} Nothing changed${counts.out_of_stock === 0 ? ': every row was there already' : ''}.`;
}
