#!/usr/bin/env node
// The whole check the README promises: lint, typecheck, build, tests (plus the packaging checks
// and a short benchmark smoke run), then one plain summary line summed over every package's
// vitest JSON report. The summary is always the last line, even when something failed, so a run
// that executed no test is visible.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaceDirs = ['packages', 'packages/widgets', 'examples']
  .map((dir) => join(root, dir))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'package.json')))
      .map((entry) => join(dir, entry.name)),
  );

// Stale reports from an earlier run must not be counted; turbo restores them on a cache hit.
for (const dir of workspaceDirs)
  rmSync(join(dir, '.test-results'), { recursive: true, force: true });

const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

let status = run('pnpm', ['exec', 'biome', 'check', '.']);
status =
  run('pnpm', [
    'exec',
    'turbo',
    'run',
    'typecheck',
    'build',
    'test',
    'test:package',
    'bench:smoke',
    '--continue',
    '--output-logs=new-only',
  ]) || status;

let passed = 0;
let failed = 0;
let reports = 0;
for (const dir of workspaceDirs) {
  const file = join(dir, '.test-results', 'vitest.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports += 1;
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
}
if (reports === 0 || passed === 0) status = status || 1;
if (failed > 0) status = status || 1;
const summary = `${passed} passed, ${failed} failed`;
mkdirSync(join(root, '.test-results'), { recursive: true });
writeFileSync(join(root, '.test-results', 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(status);
