export * from './context.ts';
export * from './router.ts';
export type { DomainErrorInfo, FieldErrors } from './trpc.ts';
