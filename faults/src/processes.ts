/**
 * The service's processes, started the way the launcher starts them (`node --import tsx`, with the
 * launcher's exit-with-parent preload, so none outlives the suite): the REST API and the workers.
 * Their output goes to log files in the run's folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const exitWithParent = join(ROOT, 'packages', 'composition-root', 'bin', 'exit-with-parent.mjs');

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  readonly log: string;
  /** Whether it has exited, and how. */
  exited(): string | undefined;
  /** Resolves with the first stdout line matching `pattern`, or rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export function startChild(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  cwd = ROOT,
): Child {
  const log = join(logDir, `${name}.log`);
  const out = createWriteStream(log);
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd,
    env: {
      ...process.env,
      ...env,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${pathToFileURL(exitWithParent).href}`]
        .filter(Boolean)
        .join(' '),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdoutTail = '';
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  proc.stdout?.on('data', (chunk: Buffer) => {
    out.write(chunk);
    stdoutTail += chunk.toString('utf8');
    const parts = stdoutTail.split('\n');
    stdoutTail = parts.pop() ?? '';
    for (const line of parts) {
      if (lines.length < 50) lines.push(line);
      for (const listener of listeners) listener(line);
    }
  });
  proc.stderr?.on('data', (chunk: Buffer) => out.write(chunk));
  let exit: string | undefined;
  const exitedPromise = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with ${code}`;
      resolve();
    });
  });
  if (proc.pid === undefined) throw new Error(`could not start ${name}`);
  return {
    name,
    pid: proc.pid,
    process: proc,
    log,
    exited: () => exit,
    waitFor(pattern, timeoutMs) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms (log: ${log})`));
        }, timeoutMs);
        const listener = (line: string) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
        void exitedPromise.then(() => {
          clearTimeout(timer);
          listeners.delete(listener);
          reject(new Error(`${name} ${exit} before printing ${pattern} (log: ${log})`));
        });
      });
    },
    async stop() {
      if (exit) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exitedPromise;
      clearTimeout(timer);
    },
    async kill9() {
      if (exit) return;
      proc.kill('SIGKILL');
      await exitedPromise;
    },
  };
}
