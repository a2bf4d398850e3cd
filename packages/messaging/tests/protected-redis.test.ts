// The README's two ways to protect Redis, against a real redis-server: an ACL user in REDIS_URL, and
// TLS (rediss://) with a private CA trusted through NODE_EXTRA_CA_CERTS. The worker connects with the
// URL alone, so each case runs a child process that connects exactly as it does.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, privateRedisAvailable, redisSkipReason } from './support/redis.ts';

const run = promisify(execFile);
const pingScript = fileURLToPath(new URL('./support/ping-redis.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const PASSWORD = 'worker-s3cret';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Connects to `url` in a child process, as the worker would, and returns what it printed. */
async function pingFrom(url: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', pingScript, url], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    timeout: 20_000,
  });
  return stdout.trim();
}

describe.skipIf(redisSkipReason !== undefined || !privateRedisAvailable || !hasOpenssl())(
  'a protected Redis (ACL user, TLS)',
  () => {
    let folder: string;
    let server: ChildProcess | undefined;
    let plainPort: number;
    let tlsPort: number;
    let caFile: string;

    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), 'protected-redis-'));
      caFile = join(folder, 'cert.pem');
      const keyFile = join(folder, 'key.pem');
      // A self-signed certificate standing in for a private CA's.
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          keyFile,
          '-out',
          caFile,
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      [plainPort, tlsPort] = [await freePort(), await freePort()];
      server = spawn(
        'redis-server',
        [
          '--port',
          String(plainPort),
          '--tls-port',
          String(tlsPort),
          '--bind',
          '127.0.0.1',
          '--tls-cert-file',
          caFile,
          '--tls-key-file',
          keyFile,
          '--tls-ca-cert-file',
          caFile,
          '--tls-auth-clients',
          'no',
          '--save',
          '',
          '--appendonly',
          'no',
          // No anonymous access: only the worker's ACL user.
          '--user',
          'default',
          'off',
          '--user',
          'worker',
          'on',
          `>${PASSWORD}`,
          '~*',
          '&*',
          '+@all',
        ],
        { stdio: 'ignore' },
      );
      const deadline = Date.now() + 10_000;
      while (!(await pingFrom(`redis://worker:${PASSWORD}@127.0.0.1:${plainPort}`)).startsWith('PONG')) {
        if (Date.now() > deadline) throw new Error('the protected redis-server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }, 60_000);

    afterAll(() => {
      server?.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    });

    it('connects as the ACL user named in REDIS_URL', async () => {
      expect(await pingFrom(`redis://worker:${PASSWORD}@127.0.0.1:${plainPort}`)).toBe('PONG');
    });

    it('refuses a wrong password, and the log never shows the password', async () => {
      const printed = await pingFrom(`redis://worker:not-the-password@127.0.0.1:${plainPort}`);
      expect(printed).toMatch(/^FAILED .*WRONGPASS/);
      expect(printed).not.toContain('not-the-password');
    });

    it('connects over TLS (rediss://) with the private CA from NODE_EXTRA_CA_CERTS', async () => {
      const url = `rediss://worker:${PASSWORD}@localhost:${tlsPort}`;
      expect(await pingFrom(url, { NODE_EXTRA_CA_CERTS: caFile })).toBe('PONG');
    });

    it('refuses a TLS server whose certificate it cannot trust', async () => {
      const printed = await pingFrom(`rediss://worker:${PASSWORD}@localhost:${tlsPort}`);
      expect(printed).toMatch(/^FAILED[\s\S]*(self.signed|certificate)/i);
    });
  },
);
