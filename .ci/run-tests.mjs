#!/usr/bin/env node
// The README's test command: every package's tests through turbo, then one line with the totals
// over every suite (Vitest and Playwright print their own summaries, in formats CI cannot read).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = join(import.meta.dirname, '..');
const turbo = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

const workspaces = JSON.parse(
  spawnSync('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8' }).stdout,
);

const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
for (const { name, path } of workspaces) {
  const log = join(path, '.turbo', 'turbo-test.log');
  if (!existsSync(log)) continue;
  const counts = countResults(stripVTControlCharacters(readFileSync(log, 'utf8')));
  if (!counts) continue;
  rows.push(
    `  ${name.padEnd(32)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}

/** Vitest: "Tests  2 failed | 54 passed | 1 skipped (57)". Playwright: "  12 passed (30s)", "  1 failed", "  1 flaky". */
function countResults(text) {
  const vitest = [...text.matchAll(/^\s*Tests\s+(.+?)\s+\(\d+\)\s*$/gm)].at(-1);
  if (vitest) return tally(vitest[1].split('|'));
  const playwright = [
    ...text.matchAll(/^\s*(\d+) (passed|failed|flaky|skipped|did not run|interrupted)\b/gm),
  ];
  if (playwright.length > 0) return tally(playwright.map((m) => `${m[1]} ${m[2]}`));
  return undefined;
}

function tally(parts) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const part of parts) {
    const match = /(\d+)\s+(passed|failed|skipped|todo|flaky|did not run|interrupted)/.exec(part.trim());
    if (!match) continue;
    const n = Number(match[1]);
    if (match[2] === 'passed' || match[2] === 'flaky') counts.passed += n;
    else if (match[2] === 'failed' || match[2] === 'interrupted') counts.failed += n;
    else counts.skipped += n;
  }
  return counts;
}

console.log('\nTest results by suite:');
for (const row of rows) console.log(row);
if (turbo.status !== 0 && totals.failed === 0) totals.failed = 1; // a suite crashed before reporting
console.log(`(${totals.skipped} skipped)`);
// CI reads exactly this form from the last line.
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(turbo.status ?? 1);
