export * from './handlers.ts';
export * from './http.ts';
export * from './node.ts';
export * from './openapi.ts';
export * from './responses.ts';
export * from './router.ts';
