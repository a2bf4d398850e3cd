/**
 * The session secret of the embedded default: generated once and kept in the data folder, so
 * sessions survive restarts without anyone having to set AUTH_SECRET for a local run.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SECRET_FILE = 'auth-secret';
export const MIN_SECRET_LENGTH = 32;

export async function readOrCreateSecret(dataDir: string): Promise<string> {
  const path = join(dataDir, SECRET_FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': only the first of two racing processes writes; the other reads what it wrote.
    await writeFile(path, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = (await readFile(path, 'utf8')).trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `The session secret in ${path} is shorter than ${MIN_SECRET_LENGTH} characters: delete the file to have a new one made, or set AUTH_SECRET`,
    );
  }
  return secret;
}
