/** Builds the web app for the HTTP benchmark exactly as `pnpm start` builds it (turbo: skipped when unchanged). */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function buildWebApp(): Promise<void> {
  const args = ['exec', 'turbo', 'run', 'build', '--filter=@allocation/web', '--output-logs=errors-only'];
  return new Promise((done, fail) => {
    const child = spawn('pnpm', args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new Error(`pnpm ${args.join(' ')} exited with ${code}`)),
    );
  });
}
