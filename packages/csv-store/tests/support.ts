import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A new folder holding the given files (name → lines), removed after the test. */
export async function folderWith(files: Record<string, readonly string[]>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'csv-store-test-'));
  folders.push(folder);
  for (const [name, lines] of Object.entries(files)) {
    await writeFile(join(folder, name), lines.map((line) => `${line}\n`).join(''));
  }
  return folder;
}

export const linesOf = async (folder: string, name: string): Promise<string[]> =>
  (await readFile(join(folder, name), 'utf8')).trimEnd().split('\n');
