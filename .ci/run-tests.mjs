#!/usr/bin/env node
// The README's test command: every package's tests through turbo, then the totals over every suite, read
// from the JUnit report each runner writes to <workspace>/reports/junit.xml (Vitest and Playwright alike;
// turbo restores it on a cache hit). CI reads the last line, "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const root = join(import.meta.dirname, '..');
const REPORT = join('reports', 'junit.xml');
const runsDir = join(root, '.turbo', 'runs');

const workspaces = JSON.parse(
  spawnSync('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8' }).stdout,
).filter(({ path }) => path !== root);

// A report left by an earlier run must not count for this one.
for (const { path } of workspaces) rmSync(join(path, REPORT), { force: true });

const summariesBefore = new Set(listDir(runsDir));
const turbo = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue', '--summarize', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
for (const suite of suitesThatRan()) {
  const counts = countReport(join(suite.path, REPORT));
  let note = '';
  if (counts.crashed) note = ' (no readable report: counted as 1 failure)';
  else if (suite.exitCode !== 0 && counts.failed === 0) {
    // The runner failed outside any test (an unhandled error, a web server that never started).
    counts.failed = 1;
    note = ` (exited ${suite.exitCode} with no failing test: counted as 1 failure)`;
  }
  rows.push(
    `  ${suite.name.padEnd(32)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${note}`,
  );
  for (const key of Object.keys(totals)) totals[key] += counts[key];
}
if (turbo.status !== 0 && totals.failed === 0) totals.failed = 1; // turbo itself failed (config, a build)

console.log('\nTest results by suite:');
for (const row of rows) console.log(row);
console.log(`(${totals.skipped} skipped)`);
// CI reads exactly this form from the last line.
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : (turbo.status ?? 1));

/**
 * The test tasks this run executed or restored, from turbo's run summary; without one (turbo failed before
 * running anything), every workspace that has a test script.
 */
function suitesThatRan() {
  const summary = listDir(runsDir).find((file) => !summariesBefore.has(file));
  if (!summary) {
    return workspaces
      .filter(({ path }) => JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')).scripts?.test)
      .map(({ name, path }) => ({ name, path, exitCode: undefined }));
  }
  const { tasks } = JSON.parse(readFileSync(join(runsDir, summary), 'utf8'));
  return tasks
    .filter((task) => task.task === 'test' && task.command !== '<NONEXISTENT>')
    .map((task) => ({
      name: task.package,
      path: join(root, task.directory),
      exitCode: task.execution?.exitCode,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Tests, failures, errors and skips summed over the report's test suites (one per test file). */
function countReport(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0, crashed: true };
  const xml = readFileSync(file, 'utf8');
  if (XMLValidator.validate(xml) !== true) return { passed: 0, failed: 1, skipped: 0, crashed: true };
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => name === 'testsuite',
  });
  const document = parser.parse(xml);
  const suites = document.testsuites?.testsuite ?? document.testsuite ?? [];
  const counts = { passed: 0, failed: 0, skipped: 0, crashed: false };
  for (const suite of suites) {
    const [tests, failures, errors, skipped] = ['tests', 'failures', 'errors', 'skipped'].map((attribute) =>
      Number(suite[attribute] ?? 0),
    );
    counts.failed += failures + errors;
    counts.skipped += skipped;
    counts.passed += tests - failures - errors - skipped;
  }
  return counts;
}

function listDir(dir) {
  return existsSync(dir) ? readdirSync(dir) : [];
}
