import { type CsvProblem, type CsvSource, readCsvTable } from '@allocation/csv-store';
import { InvalidSku, LineAlreadyAllocated, type UnitOfWorkFactory } from '@allocation/domain';
import { type CheckedImport, IMPORT_FILES, type ImportKind, type PlannedBatchRow } from './import-rows.ts';
import { inParallel } from './in-parallel.ts';

export interface CheckOptions {
  /** The file's name as problems show it. */
  readonly file: string;
  /** Read-only units of work (never committed): the checks against what the service holds. */
  readonly uow: UnitOfWorkFactory;
  /** Checks running at once. */
  readonly concurrency?: number;
}

/**
 * Reads a whole file and checks every row, first on its own (the contracts' row schemas), then
 * against the rest of the file (a batch reference or order line twice) and against the service
 * (a reference already used with other values, an unknown sku, a line allocated with another
 * qty). Every problem is listed by line and column; nothing is changed.
 */
export async function checkImport(
  kind: ImportKind,
  source: CsvSource,
  { file, uow, concurrency = 8 }: CheckOptions,
): Promise<CheckedImport> {
  if (kind === 'batches') {
    const table = await readCsvTable(source, { file, ...IMPORT_FILES.batches });
    const problems: CsvProblem[] = [...table.problems];
    const firstLine = new Map<string, number>();
    const rows = table.rows.filter(({ line, value }) => {
      const earlier = firstLine.get(value.ref);
      if (earlier === undefined) return firstLine.set(value.ref, line);
      problems.push(at(file, line, 1, 'ref', `batch reference ${value.ref} is also on line ${earlier}`));
      return false;
    });
    const planned: PlannedBatchRow[] = [];
    await inParallel(rows, concurrency, async (row) => {
      const { ref, sku, qty, eta } = row.value;
      const { result: product } = await uow.run((work) => work.products.getByBatchRef(ref));
      const batch = product?.batch(ref);
      if (!product || !batch) return void planned.push({ ...row, exists: false });
      if (product.sku !== sku)
        problems.push(
          at(file, row.line, 2, 'sku', `batch reference ${ref} is already used for sku ${product.sku}`),
        );
      else if (batch.eta !== eta)
        problems.push(
          at(
            file,
            row.line,
            4,
            'eta',
            `batch ${ref} already exists with eta ${batch.eta ?? 'none (warehouse)'}`,
          ),
        );
      else if (batch.purchasedQuantity !== qty)
        problems.push(
          at(file, row.line, 3, 'qty', `batch ${ref} already exists with qty ${batch.purchasedQuantity}`),
        );
      else planned.push({ ...row, exists: true });
    });
    return { kind, file, rows: byLine(planned), problems: byLine(problems) };
  }

  const table = await readCsvTable(source, { file, ...IMPORT_FILES.orders });
  const problems: CsvProblem[] = [...table.problems];
  const firstLine = new Map<string, number>();
  const rows = table.rows.filter(({ line, value }) => {
    const key = JSON.stringify([value.orderid, value.sku]);
    const earlier = firstLine.get(key);
    if (earlier === undefined) return firstLine.set(key, line);
    problems.push(
      at(
        file,
        line,
        1,
        'orderid',
        `order ${value.orderid} has a line for ${value.sku} on line ${earlier} already`,
      ),
    );
    return false;
  });
  await inParallel(rows, concurrency, async ({ line, value }) => {
    const { orderid, sku, qty } = value;
    const { result: product } = await uow.run((work) => work.products.get(sku, { orderid }));
    if (!product) return void problems.push(at(file, line, 2, 'sku', new InvalidSku(sku).message));
    const allocated = product.batches
      .map((batch) => batch.lineOf(orderid))
      .find((found) => found !== undefined);
    if (allocated && allocated.qty !== qty) {
      problems.push(
        at(file, line, 3, 'qty', new LineAlreadyAllocated(orderid, sku, allocated.qty, qty).message),
      );
    }
  });
  return { kind, file, rows, problems: byLine(problems) };
}

const at = (file: string, line: number, number: number, name: string, message: string): CsvProblem => ({
  file,
  line,
  column: { number, name },
  message,
});

/** Checks finish in any order; problems and rows are listed in file order. */
function byLine<T extends { readonly line?: number; readonly column?: { readonly number: number } }>(
  items: T[],
): T[] {
  return items.sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column?.number ?? 0) - (b.column?.number ?? 0),
  );
}
