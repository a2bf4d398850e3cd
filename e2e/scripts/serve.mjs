// Starts the BUILT web app for one Playwright run through the same launcher as `pnpm start`, on a
// fresh embedded database in a temporary folder: no DATABASE_URL or SMTP_URL, so notifications are
// recorded in the app. With REDIS_URL set the launcher also runs the worker, and the dead-letter test
// publishes to Redis. Builds the app first only if there is no build at all. Removes the folder when stopped.
// No user exists (ADMIN_EMAIL/ADMIN_PASSWORD are not passed on): the first-run test creates the admin.
// APP_URL is the suite's base URL, the origin the app's tRPC Origin check and cookies expect. Before the
// app starts, the API-key command line creates an operator key on the fresh folder and leaves it in
// e2e/.auth/api-key for the REST test.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = join(root, 'apps', 'web');
const port = process.env.E2E_PORT ?? '3100';

if (!existsSync(join(web, '.next', 'BUILD_ID'))) {
  console.log('[e2e] no build of apps/web found: building it (next build)…');
  const next = join(web, 'node_modules', 'next', 'dist', 'bin', 'next');
  const build = spawnSync(process.execPath, [next, 'build'], { cwd: web, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'allocation-e2e-'));
console.log(
  `[e2e] starting the built app on port ${port}, embedded database in ${dataDir}, ` +
    (process.env.REDIS_URL ? `worker on ${process.env.REDIS_URL}` : 'no Redis'),
);
const env = {
  ...process.env,
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  PORT: port,
  APP_URL: `http://127.0.0.1:${port}`,
  LOG_LEVEL: 'warn',
};
for (const name of ['DATABASE_URL', 'SMTP_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']) delete env[name];

// The same program as `pnpm --silent api-key:create` (without its turbo step: the build generated the
// Prisma client); the key is alone on the last line of stdout.
const apiKeyCli = join(root, 'packages', 'composition-root', 'bin', 'api-key.ts');
const created = spawnSync(
  process.execPath,
  ['--import', 'tsx', apiKeyCli, 'create', '--name', 'e2e', '--role', 'operator'],
  { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
const apiKey = created.stdout?.trim().split('\n').at(-1)?.trim();
if (created.status !== 0 || !apiKey) {
  console.error(`[e2e] could not create the e2e API key (exit ${created.status}): ${created.stdout}`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}
const authDir = join(root, 'e2e', '.auth');
mkdirSync(authDir, { recursive: true });
writeFileSync(join(authDir, 'api-key'), `${apiKey}\n`, { mode: 0o600 });

const launcher = join(root, 'packages', 'composition-root', 'bin', 'serve.ts');
const server = spawn(process.execPath, ['--import', 'tsx', launcher], { cwd: root, env, stdio: 'inherit' });

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
