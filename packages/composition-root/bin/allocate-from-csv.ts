/**
 * `pnpm --silent allocate-from-csv <folder>`: the book's CSV entry point. The same service layer
 * over the folder's batches.csv, orders.csv and allocations.csv, no database: allocates the
 * orders and writes allocations.csv. Bad input: every problem on stderr, exit 1, nothing written.
 */
import { allocateFromCsv, CsvInputError } from '@allocation/csv-store';
import { createCliLogger, userPath } from '../src/cli.ts';

const [folder, ...extra] = process.argv.slice(2);
if (!folder || extra.length > 0) {
  process.stderr.write('Usage: pnpm --silent allocate-from-csv <folder>\n');
  process.exit(1);
}

try {
  const result = await allocateFromCsv(userPath(folder), {
    clock: { now: () => new Date() },
    logger: createCliLogger(),
    // No mail from a folder of files: out-of-stock notices go to stderr.
    notifications: {
      send: async (destination, message) => void process.stderr.write(`[to ${destination}] ${message}\n`),
    },
  });
  for (const line of result.allocated) {
    process.stdout.write(`${line.orderid} ${line.sku} ${line.qty}: allocated to ${line.batchref}\n`);
  }
  for (const line of result.alreadyAllocated) {
    process.stdout.write(`${line.orderid} ${line.sku} ${line.qty}: already allocated to ${line.batchref}\n`);
  }
  for (const line of result.outOfStock) {
    process.stdout.write(`${line.orderid} ${line.sku} ${line.qty}: out of stock\n`);
  }
  process.stdout.write(
    `${result.allocated.length} allocated, ${result.alreadyAllocated.length} already allocated, ` +
      `${result.outOfStock.length} out of stock; ` +
      `${result.allocated.length > 0 ? 'allocations.csv written' : 'nothing changed'}\n`,
  );
} catch (error) {
  if (!(error instanceof CsvInputError)) throw error;
  process.stderr.write(`Refused, nothing written:\n${error.message}\n`);
  process.exit(1);
}
