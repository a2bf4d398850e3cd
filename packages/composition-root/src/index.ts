export * from './app.ts';
export * from './config.ts';
export * from './create-app.ts';
export * from './fake-app.ts';
export * from './identity.ts';
export * from './logger.ts';
export * from './notification-dispatch.ts';
export * from './system-clock.ts';
