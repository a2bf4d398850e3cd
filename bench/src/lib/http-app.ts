/**
 * Builds and starts the web app (Next.js, `next start`) for the HTTP benchmark, on a free port,
 * against a database of the benchmark's own; stops it (its whole process group) afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const webDir = join(repoRoot, 'apps', 'web');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (!address || typeof address === 'string') throw new Error('Could not find a free port');
  return address.port;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** `next build` through turbo, so an unchanged app is not built again. */
export async function buildWebApp(): Promise<void> {
  await run(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@allocation/web', '--output-logs=errors-only'],
    repoRoot,
  );
}

export interface RunningApp {
  readonly baseUrl: string;
  /** What the app printed (for diagnosing a failed start or errors). */
  readonly output: () => string;
  stop(): Promise<void>;
}

export async function startWebApp(env: Record<string, string>): Promise<RunningApp> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(port) };
  // No external messaging or mail during the benchmark: only the allocation path is measured.
  delete childEnv.REDIS_URL;
  delete childEnv.SMTP_URL;
  const child: ChildProcess = spawn(
    join(webDir, 'node_modules', '.bin', 'next'),
    ['start', '--port', String(port), '--hostname', '127.0.0.1'],
    { cwd: webDir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The web app exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/openapi.json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The web app did not answer within 60 s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  return { baseUrl, output: () => output, stop };
}
