export * from './batch.ts';
export * from './commands.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './order-line.ts';
export * from './product.ts';
export * from './values.ts';
