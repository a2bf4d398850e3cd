export * from './context.ts';
export * from './router.ts';
export type { FieldErrors } from './trpc.ts';
