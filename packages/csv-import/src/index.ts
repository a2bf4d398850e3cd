export * from './apply-import.ts';
export * from './check-import.ts';
export * from './csv-import.ts';
export * from './describe-report.ts';
export * from './import-rows.ts';
