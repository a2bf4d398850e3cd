export * from './consumer.ts';
export * from './dedupe.ts';
export * from './publisher.ts';
export * from './redis.ts';
export * from './relay.ts';
export * from './start.ts';
