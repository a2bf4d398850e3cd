/**
 * A private redis-server child process on a free port, with an append-only file fsynced on every
 * write: it can be killed (-9) and started again without losing the streams, as a production Redis
 * with `appendfsync always` would. The machine's shared Redis is never touched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';

export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** kill -9: an outage, not a clean shutdown. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder; returns once it answers PING. */
  start(): Promise<void>;
}

export async function startPrivateRedis(port: number, dir: string): Promise<PrivateRedis> {
  let child: ChildProcess | undefined;
  const start = async () => {
    const proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    child = proc;
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        if (Date.now() > deadline) throw new Error('redis-server did not answer within 15 s');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}
