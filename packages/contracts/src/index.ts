export * from './commands.ts';
export * from './csv-rows.ts';
export * from './fields.ts';
export * from './queries.ts';
