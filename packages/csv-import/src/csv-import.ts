import type { CsvProblem, CsvSource } from '@allocation/csv-store';
import type { AllocationBus, CommandOrigin, UnitOfWorkFactory } from '@allocation/domain';
import { applyImport } from './apply-import.ts';
import { checkImport } from './check-import.ts';
import type { CheckedImport, ImportKind, ImportReport } from './import-rows.ts';

export interface CsvImportDependencies {
  readonly bus: AllocationBus;
  /** Only read, in units of work that never commit: every change goes through the bus. */
  readonly uow: UnitOfWorkFactory;
  /** Checks and skus handled at once (default 8). */
  readonly concurrency?: number;
}

export interface ApplyImportOptions {
  /** Who imports (the audit trail names them for every row applied). */
  readonly origin: CommandOrigin;
  /** Called after each row with how many are done out of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

export type ImportOutcome =
  | { readonly refused: true; readonly problems: readonly CsvProblem[] }
  | { readonly refused: false; readonly report: ImportReport };

/** CSV import for every entry point (the command line, the web upload): check, then apply. */
export interface CsvImport {
  /** Reads and checks a file without changing anything: the preview and its problems. */
  check(kind: ImportKind, source: CsvSource, file: string): Promise<CheckedImport>;
  /** Applies a file whose check found no problem. */
  apply(checked: CheckedImport, options: ApplyImportOptions): Promise<ImportReport>;
  /** Checks, and applies only when every row is right: all or nothing. */
  run(kind: ImportKind, source: CsvSource, file: string, options: ApplyImportOptions): Promise<ImportOutcome>;
}

export function createCsvImport({ bus, uow, concurrency = 8 }: CsvImportDependencies): CsvImport {
  const check: CsvImport['check'] = (kind, source, file) =>
    checkImport(kind, source, { file, uow, concurrency });
  const apply: CsvImport['apply'] = (checked, options) =>
    applyImport(checked, { bus, concurrency, ...options });
  return {
    check,
    apply,
    async run(kind, source, file, options) {
      const checked = await check(kind, source, file);
      if (checked.problems.length > 0) return { refused: true, problems: checked.problems };
      return { refused: false, report: await apply(checked, options) };
    },
  };
}
