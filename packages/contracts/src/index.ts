export * from './commands.ts';
export * from './fields.ts';
export * from './queries.ts';
