export * from './csv-stream.ts';
export * from './list-csv.ts';
export * from './spreadsheet-cell.ts';
