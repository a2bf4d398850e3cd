import { ORDER_CSV_COLUMNS, orderCsvRow } from '@allocation/contracts';
import {
  Allocate,
  type AllocationLine,
  bootstrap,
  type Clock,
  DEFAULT_STOCK_TEAM_ADDRESS,
  DomainError,
  InvalidSku,
  LineAlreadyAllocated,
  type Logger,
  type Notifications,
  type OrderLine,
  serviceOrigin,
} from '@allocation/domain';
import { CsvInputError, type CsvProblem } from './csv-problems.ts';
import { CsvStore, readFolderTable } from './csv-store.ts';
import { CsvUnitOfWorkFactory } from './csv-unit-of-work.ts';

export const ORDERS_FILE = 'orders.csv';

export interface AllocateFromCsvDependencies {
  readonly notifications: Notifications;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly stockTeamAddress?: string;
}

export interface AllocateFromCsvResult {
  /** The lines of orders.csv allocated by this run, in its order. */
  readonly allocated: readonly AllocationLine[];
  /** Lines of orders.csv that allocations.csv already held: nothing changed for them. */
  readonly alreadyAllocated: readonly AllocationLine[];
  readonly outOfStock: readonly OrderLine[];
}

/**
 * The book's CSV entry point: the same service layer (bootstrap, message bus, handlers) over the
 * CSV files of a folder instead of a database. Allocates every line of orders.csv in order and
 * writes allocations.csv: the allocations it held first, then the new ones. Refuses with a
 * CsvInputError naming each problem (and writes nothing) when a file is missing or wrong, or a
 * line cannot be allocated at all (an unknown sku, another qty for a line already allocated).
 */
export async function allocateFromCsv(
  folder: string,
  deps: AllocateFromCsvDependencies,
): Promise<AllocateFromCsvResult> {
  const read = await CsvStore.read(folder);
  const orders = await readFolderTable(folder, {
    file: ORDERS_FILE,
    columns: ORDER_CSV_COLUMNS,
    row: orderCsvRow,
  });
  const problems: CsvProblem[] = [...('problems' in read ? read.problems : []), ...orders.problems];
  if (!('store' in read) || problems.length > 0) throw new CsvInputError(problems);

  const uow = new CsvUnitOfWorkFactory(read.store, { writeOnCommit: false });
  const bus = bootstrap({
    uow,
    notifications: deps.notifications,
    clock: deps.clock,
    logger: deps.logger,
    stockTeamAddress: deps.stockTeamAddress ?? DEFAULT_STOCK_TEAM_ADDRESS,
  });
  const origin = serviceOrigin('cli:allocate-from-csv');
  const allocated: AllocationLine[] = [];
  const alreadyAllocated: AllocationLine[] = [];
  const outOfStock: OrderLine[] = [];
  for (const { line, value } of orders.rows) {
    try {
      const outcome = await bus.handle(Allocate(value), origin);
      if (outcome.status === 'out_of_stock') outOfStock.push(value);
      else
        (outcome.alreadyAllocated ? alreadyAllocated : allocated).push({
          ...value,
          batchref: outcome.batchref,
        });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push({ file: ORDERS_FILE, line, ...columnOf(error), message: error.message });
    }
  }
  if (problems.length > 0) throw new CsvInputError(problems);
  await read.store.flush();
  return { allocated, alreadyAllocated, outOfStock };
}

function columnOf(error: DomainError): Pick<CsvProblem, 'column'> {
  if (error instanceof InvalidSku) return { column: { number: 2, name: 'sku' } };
  if (error instanceof LineAlreadyAllocated) return { column: { number: 3, name: 'qty' } };
  return {};
}
