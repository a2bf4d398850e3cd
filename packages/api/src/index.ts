export * from './context.ts';
export * from './list-filters.ts';
export * from './request-limits.ts';
export * from './router.ts';
export type { FieldErrors } from './trpc.ts';
