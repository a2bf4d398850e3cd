// Starts the BUILT web app (`next start`) on a fresh embedded database in a temporary folder, for
// one Playwright run: no DATABASE_URL, REDIS_URL or SMTP_URL, so notifications are recorded in the
// app. Builds the app first only if there is no build at all. Removes the folder when stopped.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'apps', 'web');
const next = join(web, 'node_modules', 'next', 'dist', 'bin', 'next');
const port = process.env.E2E_PORT ?? '3100';

if (!existsSync(join(web, '.next', 'BUILD_ID'))) {
  console.log('[e2e] no build of apps/web found: building it (next build)…');
  const build = spawnSync(process.execPath, [next, 'build'], { cwd: web, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'allocation-e2e-'));
console.log(`[e2e] starting the built app on port ${port}, embedded database in ${dataDir}`);
const env = { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: port };
for (const name of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL']) delete env[name];
const server = spawn(process.execPath, [next, 'start', '-p', port, '-H', '127.0.0.1'], {
  cwd: web,
  env,
  stdio: 'inherit',
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  server.kill(signal);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
server.on('exit', (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 0 : 1));
});
