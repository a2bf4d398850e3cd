// Run as a child process by protected-redis.test.ts: connects to argv[2] exactly as the worker does
// (the URL alone; a private CA comes from NODE_EXTRA_CA_CERTS, as in a deployment) and prints PONG.
import type { Logger } from '@allocation/domain';
import { closeRedis, connectRedis } from '../../src/redis.ts';

const problems: string[] = [];
const logger: Logger = {
  info: () => {},
  warn: (message, fields) => problems.push(`${message} ${JSON.stringify(fields)}`),
  error: (message, fields) => problems.push(`${message} ${JSON.stringify(fields)}`),
};
const redis = connectRedis(process.argv[2] ?? '', {
  name: 'ping',
  logger,
  redisOptions: { retryStrategy: () => null, maxRetriesPerRequest: 0 },
});
try {
  console.log(await redis.ping());
} catch (error) {
  console.log(`FAILED ${error instanceof Error ? error.message : String(error)}`);
  for (const problem of problems) console.log(problem);
} finally {
  await closeRedis(redis);
}
