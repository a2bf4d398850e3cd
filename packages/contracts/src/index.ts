export * from './commands.ts';
export * from './fields.ts';
export * from './queries.ts';
export * from './results.ts';
