// The launcher's children end when it ends, however it ends: a parent killed with kill -9 (no
// chance to stop anyone) leaves no child behind, through the preload the launcher gives them.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const preload = pathToFileURL(fileURLToPath(new URL('../bin/exit-with-parent.mjs', import.meta.url))).href;

/** Running: a zombie (exited, not yet reaped by whoever inherited it) does not count. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

it('a child started with the launcher’s NODE_OPTIONS exits soon after its parent is killed with kill -9', async () => {
  // A stand-in launcher: starts a long-running child the way serve.ts does, says its pid, and waits.
  const launcher = `
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env: { ...process.env, NODE_OPTIONS: '--import=${preload}', ALLOCATION_LAUNCHER_PID: String(process.pid) },
      stdio: 'ignore',
      detached: true,
    });
    console.log(child.pid);
    setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['--input-type=module', '-e', launcher], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let childPid = 0;
  try {
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    childPid = Number.parseInt(line.toString(), 10);
    expect(alive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    await expect.poll(() => alive(childPid), { timeout: 15_000, interval: 200 }).toBe(false);
  } finally {
    parent.kill('SIGKILL');
    if (childPid && alive(childPid)) process.kill(childPid, 'SIGKILL');
  }
}, 60_000);
