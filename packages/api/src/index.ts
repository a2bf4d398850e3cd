export * from './context.ts';
export * from './router.ts';
export type { MovedLine } from './routers/commands.ts';
export type { FieldErrors } from './trpc.ts';
