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
import { describeOutcome, IMPORT_KINDS, type ImportKind, summarizeReport } from '@allocation/csv-import';
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
    process.stdout.write(`${summarizeReport(outcome.report)}\n`);
    failed = outcome.report.counts.failed > 0;
  }
} finally {
  await app.close();
}
process.exit(failed ? 1 : 0);
