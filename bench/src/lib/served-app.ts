/**
 * The app as `pnpm start` runs it (the launcher, packages/composition-root/bin/serve.ts, and its web
 * processes), on the benchmark's database; stopped with SIGTERM as an operator would, so each web
 * process drains, closes its pool and (with --cpu-prof-dir) writes its profile.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './http-app.ts';

export interface ServedApp {
  readonly baseUrl: string;
  readonly launcherPid: number;
  /** The web processes now (pid and resident memory in KiB). */
  webProcesses(): { pid: number; rssKiB: number }[];
  output(): string;
  /** SIGTERM; resolves with the launcher's exit code. */
  stop(): Promise<number | null>;
}

export async function startServedApp(
  env: Record<string, string>,
  options: { port: number; cpuProfDir?: string },
): Promise<ServedApp> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PORT: String(options.port) };
  // Only the allocation path is measured: no external messaging or mail.
  delete childEnv.REDIS_URL;
  delete childEnv.SMTP_URL;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'packages', 'composition-root', 'bin', 'serve.ts'),
      ...(options.cpuProfDir ? [`--cpu-prof-dir=${options.cpuProfDir}`] : []),
    ],
    { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const pid = child.pid;
  if (pid === undefined) throw new Error('The launcher did not start');

  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 20_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok && output.includes('Ready:')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The app did not answer within 120 s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 300));
  }

  const webProcesses = () => {
    try {
      return execFileSync('ps', ['-o', 'pid=,rss=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes('server/main.ts'))
        .map((line) => {
          const [p, rss] = line.trim().split(/\s+/);
          return { pid: Number(p), rssKiB: Number(rss) };
        });
    } catch {
      return [];
    }
  };
  return { baseUrl, launcherPid: pid, webProcesses, output: () => output, stop };
}
