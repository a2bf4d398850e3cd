/**
 * Runs the web processes as node:cluster workers of this process, sharing its port: replaces one that
 * dies (unless they keep dying: then gives up, so a broken start does not loop for ever), and stops
 * them all with one SIGTERM each, resolving when every one has exited.
 */
import cluster, { type Worker } from 'node:cluster';

export interface WebSupervisorOptions {
  /** The program each web process runs, and the Node flags it runs with. */
  readonly exec: string;
  readonly execArgv: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly processes: number;
  readonly say: (message: string) => void;
  /** Called once when processes died more than `deathsAllowed` times within `deathWindowMs`. */
  readonly onCrashLoop: () => void;
  readonly deathsAllowed?: number;
  readonly deathWindowMs?: number;
  /**
   * How long a death waits before it is replaced: a Ctrl-C reaches the web processes too (node:cluster
   * keeps them in this process group), and this process's own SIGINT must get to say "stopping" first.
   */
  readonly replaceAfterMs?: number;
}

export interface WebSupervisor {
  pids(): number[];
  /** SIGTERM to each web process; resolves when all have exited. Nothing is replaced from now on. */
  stop(): Promise<void>;
  /** Kills what is left at once (this process is exiting). */
  kill(): void;
}

export function superviseWebProcesses(options: WebSupervisorOptions): WebSupervisor {
  const deathsAllowed = options.deathsAllowed ?? 5;
  const deathWindowMs = options.deathWindowMs ?? 60_000;
  const workers = new Set<Worker>();
  const deaths: number[] = [];
  let stopping = false;
  cluster.setupPrimary({ exec: options.exec, execArgv: [...options.execArgv], cwd: options.cwd });

  const fork = () => {
    const worker = cluster.fork(options.env);
    workers.add(worker);
    worker.once('exit', (code, signal) => {
      workers.delete(worker);
      setTimeout(() => {
        if (stopping) return;
        const now = Date.now();
        deaths.push(now);
        while (deaths.length > 0 && (deaths[0] as number) < now - deathWindowMs) deaths.shift();
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        if (deaths.length > deathsAllowed) {
          options.say(
            `Web process ${worker.process.pid} stopped (${how}), ${deaths.length} deaths within ${deathWindowMs / 1000} s: giving up`,
          );
          options.onCrashLoop();
          return;
        }
        options.say(`Web process ${worker.process.pid} stopped (${how}); starting another`);
        fork();
      }, options.replaceAfterMs ?? 200);
    });
  };
  for (let i = 0; i < options.processes; i++) fork();

  return {
    pids: () => [...workers].flatMap((worker) => (worker.process.pid ? [worker.process.pid] : [])),
    stop: async () => {
      stopping = true;
      const exits = [...workers].map(
        (worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve())),
      );
      for (const worker of workers) worker.process.kill('SIGTERM');
      await Promise.all(exits);
    },
    kill: () => {
      stopping = true;
      for (const worker of workers) worker.process.kill('SIGKILL');
    },
  };
}
