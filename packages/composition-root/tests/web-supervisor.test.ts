// The launcher's web processes, as real processes sharing a port through node:cluster: one killed
// with kill -9 is replaced; SIGTERM lets each finish the request it is answering, and all exit 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const PORT = 3221;
const harness = fileURLToPath(new URL('./fixtures/supervise.ts', import.meta.url));
let running: ChildProcess | undefined;
afterEach(() => {
  if (running?.exitCode === null) running.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', harness], {
    env: { ...process.env, PORT: String(PORT), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running = child;
  const lines: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = () => lines.filter((l) => l.startsWith('listening ')).map((l) => Number(l.split(' ')[1]));
  return { child, lines, exited, listening };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('replaces a web process that dies, and serves on', async () => {
  const { child, lines, exited, listening } = start({});
  await expect.poll(() => listening().length, { timeout: 15_000 }).toBe(2);
  const [victim] = listening() as [number];
  process.kill(victim, 'SIGKILL');
  await expect.poll(() => listening().length, { timeout: 15_000 }).toBe(3);
  expect(lines).toContain(`exit ${victim} SIGKILL`);
  expect(
    lines.some((l) => l.includes(`Web process ${victim} stopped (signal SIGKILL); starting another`)),
  ).toBe(true);
  const answer = await (await fetch(`http://127.0.0.1:${PORT}/`)).text();
  expect(listening().slice(1)).toContain(Number(answer));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 40_000);

it('on SIGTERM finishes the request in flight, then every web process exits 0 and none is replaced', async () => {
  const { child, lines, exited, listening } = start({ ANSWER_AFTER_MS: '1500' });
  await expect.poll(() => listening().length, { timeout: 15_000 }).toBe(2);
  const inFlight = fetch(`http://127.0.0.1:${PORT}/`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  child.kill('SIGTERM');
  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(await exited).toBe(0);
  const pids = listening();
  for (const pid of pids) expect(lines).toContain(`exit ${pid} 0`);
  expect(lines.at(-1)).toBe('stopped');
  expect(pids.filter(alive)).toEqual([]);
  expect(lines.filter((l) => l.includes('starting another'))).toEqual([]);
}, 40_000);
