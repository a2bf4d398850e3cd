export * from './consumer.ts';
export * from './dead-letters.ts';
export * from './dedupe.ts';
export * from './publisher.ts';
export * from './redis.ts';
export * from './relay.ts';
export * from './start.ts';
export * from './stream-consumer.ts';
