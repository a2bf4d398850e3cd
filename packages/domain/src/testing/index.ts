export * from './bootstrap-with-fakes.ts';
export * from './fake-live-change-feed.ts';
export * from './fake-notification-outbox.ts';
export * from './fake-outbox.ts';
export * from './fake-read-model.ts';
export * from './fake-unit-of-work.ts';
export * from './fakes.ts';
export * from './origins.ts';
