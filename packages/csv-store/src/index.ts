export * from './allocate-from-csv.ts';
export * from './csv-problems.ts';
export * from './csv-store.ts';
export * from './csv-unit-of-work.ts';
export * from './read-csv-table.ts';
export * from './write-csv-file.ts';
