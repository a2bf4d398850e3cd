export * from './bootstrap.ts';
export * from './model/index.ts';
export type * from './service-layer/command-results.ts';
export * from './service-layer/error-data.ts';
export * from './service-layer/message-bus.ts';
export * from './service-layer/outgoing-messages.ts';
export * from './service-layer/ports.ts';
export * from './service-layer/retry.ts';
export * from './service-layer/views.ts';
